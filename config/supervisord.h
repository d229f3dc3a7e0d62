/*
 * supervisord.h: supervisord.conf read with supervisord's meaning.
 *
 * A file is read in supervisord's dialect when its sections or keys say
 * so (sd_detect); its sections are kept as read (supervisord_conf.c) and
 * turned into the same struct progconf psd's own keys fill, after every
 * file is read, with supervisord's syntax for values
 * (supervisord_syntax.c): its environment= lists, its shlex command
 * splitting and its %(name)s expansion.
 */
#ifndef PSD_SUPERVISORD_H
#define PSD_SUPERVISORD_H

#include <stdbool.h>
#include <stddef.h>

#include "config_int.h"

/* supervisord_syntax.c */

/* One %(name)s value: a string, or a number when str is NULL. */
struct sd_var {
	const char	*name;
	const char	*str;
	long		 num;
};

struct sd_vars {
	const struct sd_var	*v;
	int			 n;
	char			**env;	/* "K=V" seen as %(ENV_K)s, or NULL */
	int			 nenv;
};

/*
 * Expand Python %-formatting with a mapping, as supervisord does: a
 * copy, or NULL with err set (an unknown name, a bare %, a type that
 * does not fit).
 */
char	*sd_expand(const char *s, const struct sd_vars *vars, char *err,
	    size_t len);
/*
 * supervisord's environment = K=V,K2="v, w": 0 with the pairs appended
 * to (*kv, *n) (a later K replaces an earlier one), -1 with err.
 * *cut is set when a '#' ended the list early (shlex's comment).
 */
int	 sd_env_parse(const char *s, char ***kv, int *n, bool *cut, char *err,
	    size_t len);
/* shlex.split(s): 0 with a NULL-terminated *argv, -1 with err. */
int	 sd_split(const char *s, char ***argv, int *n, char *err, size_t len);
/* Put "K=V" into a list, replacing an earlier K. */
void	 sd_env_put(char ***kv, int *n, const char *k, const char *v);

/* supervisord_conf.c */

/* 1: this buffer is a supervisord.conf; -1: psd's; 0: cannot say. */
int	 sd_detect(const char *buf, size_t len);
/* Read the file path (contents buf) in supervisord's dialect? */
bool	 sd_file_dialect(struct loader *L, const char *path, const char *buf,
	    size_t len);
/* A [section] header, a key, in a supervisord file. */
void	 sd_section(struct loader *L, const char *name, int line);
void	 sd_key(struct loader *L, const char *key, const char *value);
/* After every file is read: make the programs. */
void	 sd_finish(struct loader *L);
void	 sd_free(struct loader *L);
/* Record a warning "FILE:LINE: [section] key: message" (kept once). */
void	 sd_warn(struct loader *L, const char *file, int line,
	    const char *section, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

#endif
