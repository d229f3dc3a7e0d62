/*
 * config_keydef.h: what a key of the config is (its table entry), and
 * the parsers of the value types several keys share (config_values.c).
 */
#ifndef PSD_CONFIG_KEYDEF_H
#define PSD_CONFIG_KEYDEF_H

#include <stddef.h>
#include <sys/types.h>

#include "config_int.h"

struct keydef;
typedef int (*parse_fn)(struct loader *, void *, const struct keydef *,
    const char *, char *, size_t);

struct keydef {
	const char	*name;
	parse_fn	 parse;
	size_t		 off;		/* into struct progconf / config */
	long		 lo, hi;	/* ranges; rlimit resource */
	int		 raw;		/* RAW_* kept for expansion, or -1 */
};

#define PC(f)	offsetof(struct progconf, f)
#define CF(f)	offsetof(struct config, f)
#define FIELD(T, base, off)	((T *)((char *)(base) + (off)))

/*
 * Each parser checks v and stores it at t + k->off (t: the progconf or
 * config); 0, or -1 with what was wrong in err.
 */
int	 p_bool(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_duration(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_int(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_nice(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_octal(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_signal(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_restart(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_retries(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_user(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_group(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_limit(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_size(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
/* A group by name or number: its gid, and its name copied to *name. */
int	 p_gid(const char *v, gid_t *gid, char **name);
int	 p_socket_user(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);
int	 p_socket_group(struct loader *L, void *t, const struct keydef *k,
	    const char *v, char *err, size_t len);

#endif
