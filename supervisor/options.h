/*
 * options.h: psd's command line and its environment equivalents.
 *
 * Kept apart from everything else so the unit tests can parse argument
 * vectors without starting anything.
 */
#ifndef PSD_OPTIONS_H
#define PSD_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define OPTIONS_MAX_REWRITES	64
#define OPTIONS_MAX_ENVFILES	32

struct options {
	const char	*config;	/* -c FILE */
	bool		 check;		/* --check */
	bool		 print_config;	/* --print-config: as psd.ini */
	bool		 demo;		/* --demo */
	bool		 daemonize;	/* -d */
	const char	*pidfile;	/* --pidfile */
	const char	*socket;	/* --socket */
	bool		 pgroup;	/* -g */
	bool		 setsid;	/* --setsid */
	int		 rewrite_from[OPTIONS_MAX_REWRITES];
	int		 rewrite_to[OPTIONS_MAX_REWRITES];
	int		 nrewrites;
	bool		 remap[256];	/* -e CODE */
	int		 pdeathsig;	/* -p SIG, 0: none */
	int		 verbose;	/* -v count minus -q count */
	bool		 warn_reap;	/* -w */
	int		 attribution;	/* --attribution: enum lineage_mode */
	int64_t		 grace;		/* --grace, -1: not given */
	/* Procfile mode (foreman's -e, -p are tini's here: --env, --port) */
	const char	*procfile;	/* --procfile FILE */
	const char	*envfiles[OPTIONS_MAX_ENVFILES];	/* --env */
	int		 nenvfiles;
	const char	*formation;	/* -m, --formation */
	int		 port;		/* --port, -1: not given */
	int		 restart;	/* --restart (enum restart_mode), -1 */
	/* Set by a peer's personality (persona.c); psd's own: all false. */
	bool		 no_escalate;	/* forward every TERM/INT */
	bool		 no_jobstop;	/* TSTP/TTIN/TTOU: forward only */
	bool		 jobstop_always;	/* stop even when -r rewrote them */
	bool		 no_subreaper;	/* tini without -s: not a subreaper */
	bool		 child_std_default; /* main child: 1-31 SIG_DFL, no mask */
	int		 fail_code;	/* a failed start's status, 0: 127/126 */
	int		 jobs;		/* --jobs N (0: not given) */
	bool		 map;		/* --map: CMD once per stdin line */
	int64_t		 job_timeout;	/* --job-timeout, 0: none */
	bool		 help;
	bool		 version;
	bool		 license;
	char		**cmd;		/* the command after the options */
	int		 ncmd;
};

/*
 * Parse argv (and, for what a container runtime cannot pass on a command
 * line, the PSD_* / TINI_* variables from getenv).  Returns 0, or 2 with a
 * one-line message in err for a usage error.
 */
int	 options_parse(struct options *o, int argc, char **argv,
	    char *err, size_t errlen);
/* The usage text for --help. */
void	 options_usage(FILE *out);

#endif
