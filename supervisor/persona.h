/*
 * persona.h: psd under another init's name (tini, dumb-init, catatonit).
 *
 * Invoked as one of them (a link made by `make install` with
 * --enable-peer-links), psd takes that tool's command line, environment
 * variables, exit codes and output streams, with psd's engine under it
 * and psd's own words in its messages.  psd(8) lists every difference.
 */
#ifndef PSD_PERSONA_H
#define PSD_PERSONA_H

#include <stdio.h>

#include "options.h"

enum persona {
	PERSONA_PSD,
	PERSONA_TINI,		/* tini 0.19 (also tini-static, docker-init) */
	PERSONA_DUMB_INIT,	/* dumb-init 1.2.5 */
	PERSONA_CATATONIT,	/* catatonit 0.1.7 */
};

/* psd's license text (-l, -L). */
extern const char persona_license[];

/* Which personality the name psd was invoked as asks for. */
enum persona	 persona_of(const char *argv0);
const char	*persona_name(enum persona p);

/*
 * Parse argv and the peer's environment variables as that peer does.
 * Returns -1 to go on, or the exit status to exit with after what the
 * peer would print (help, version, usage error) went to out or err.
 */
int	 persona_parse(enum persona p, struct options *o, int argc,
	    char **argv, FILE *out, FILE *err);

/*
 * After signals_init: the rewrites, and how signals are dispatched
 * (psd's own habits or the peer's).
 */
void	 persona_apply(const struct options *o);

#endif
