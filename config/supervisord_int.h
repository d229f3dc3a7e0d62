/*
 * supervisord_int.h: what the supervisord_*.c files share.
 */
#ifndef PSD_SUPERVISORD_INT_H
#define PSD_SUPERVISORD_INT_H

#include <stdbool.h>

#include "config_diag.h"
#include "config_int.h"

extern char **environ;

struct sd_kv {
	char		*key, *val;
	const char	*file;
	int		 line;
	bool		 used;		/* read by someone (else: a warning) */
};

/* A section as read; sections of one name merge, as in supervisord. */
struct sd_sec {
	char		*name;
	const char	*file, *here;
	int		 line, order;
	struct sd_kv	*kv;
	int		 nkv;
};

struct sd_state {
	struct sd_sec	**secs;
	int		 nsecs;
	struct sd_sec	*cur;
	/* from [supervisord], for the programs */
	char		**env;		/* its environment = */
	int		 nenv;
	char		*childlogdir;
	char		*identifier;
	char		*serverurl;	/* SUPERVISOR_SERVER_URL */
	char		**included;	/* files its [include] named */
	int		 nincluded;
};

struct sd_sec	*sd_find(struct sd_state *S, const char *name);
struct sd_kv	*sd_get(const struct sd_sec *s, const char *key);
void		 sd_include(struct loader *L, struct sd_kv *kv);
void		 sd_free_words(char **w);
const char	*sd_nodename(void);

/* supervisord_global.c: [supervisord], [unix_http_server] and the rest. */
void		 sd_global(struct loader *L);
/* Value parsers as supervisord's datatypes; -1 with err. */
int		 sd_bool(const char *v, bool *out, char *err, size_t len);
int		 sd_int(const char *v, long lo, long hi, long *out, char *err,
		    size_t len);
int		 sd_bytes(const char *v, long long *out, char *err, size_t len);
int		 sd_octal(const char *v, long *out, char *err, size_t len);
/* One warning per key nobody read ("supervisord ignores it too"). */
void		 sd_unused(struct loader *L, struct sd_sec *s, const char *why);

/* supervisord_prog.c: [program:], [group:], [eventlistener:]. */
void		 sd_programs(struct loader *L);

#endif
