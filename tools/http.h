/*
 * http.h: what psd-http's files share.
 *
 * psd-http serves /healthz, /readyz, /readyz/NAME, /status and /metrics
 * over HTTP (libmicrohttpd), asking psd through its control socket with
 * the client code psctl uses, read-only, one request at a time.
 */
#ifndef PSD_HTTP_H
#define PSD_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

#include "pstate.h"
#include "proto.h"

struct hconf {
	const char	*socket;	/* psd's control socket */
	int64_t		 timeout;	/* ms for one question to psd */
	int64_t		 cache;		/* ms a /metrics answer is reused */
	int64_t		 client_timeout; /* s a client may idle or dribble */
};

/* One program of a status reply, copied out of the message. */
struct hprog {
	char		*name;		/* "web" or "web:2" */
	char		*state;		/* as psd sent it */
	enum pstate	 st;		/* PS__COUNT: unknown to us */
	char		*last_exit;	/* "exit 3", "signal TERM", "" */
	char		*ready_kind;
	char		*reason;	/* or NULL */
	int64_t		 pid, uptime_ms, restarts, exit_code, orphans;
	bool		 has_exited, daemon;
};

/* psd's counters (a STATS_REPLY); have[] says which keys psd sent. */
#define HSTAT_MAX	24
struct hstats {
	int64_t		 val[HSTAT_MAX];
	bool		 have[HSTAT_MAX];
};

/* The STATS keys psd-http exports, by index into hstats. */
extern const uint16_t hstat_keys[HSTAT_MAX];
int		 hstat_index(uint16_t key);

struct hsnap;

/*
 * The rows of a list psd replies with (its pools, its sockets): up to
 * HROW_LABELS strings (label values) and HROW_INTS integers each, by the
 * keys a struct hlist names (0: unused).
 */
#define HROW_LABELS	2
#define HROW_INTS	8
struct hlist {
	uint16_t	 req;		/* the request */
	int64_t		 flags;		/* its K_FLAGS, 0: none */
	uint16_t	 reply;		/* the messages kept as rows */
	uint16_t	 label_key[HROW_LABELS];
	uint16_t	 int_key[HROW_INTS];
};
struct hrow {
	char		*label[HROW_LABELS];
	int64_t		 val[HROW_INTS];
	bool		 have[HROW_INTS];
};
struct hrows {
	struct hrow	*v;
	size_t		 n;
};

/* http_psd.c: questions to psd.  Return HPSD_OK or an error below. */
#define HPSD_OK		 0
#define HPSD_DOWN	-1	/* no answer: err says why */
#define HPSD_NO_PROGRAM	-2
int	 hpsd_ping(const struct hconf *, char *err, size_t errlen);
int	 hpsd_ready(const struct hconf *, bool *ready, char *why, size_t len);
/* Programs matching name (NULL: all); free with hpsd_progs_free. */
int	 hpsd_status(const struct hconf *, const char *name,
	    struct hprog **v, size_t *n, char *err, size_t errlen);
void	 hpsd_progs_free(struct hprog *v, size_t n);
/* With snap (NULL: none), zombies are counted here, not by psd. */
int	 hpsd_stats(const struct hconf *, struct hstats *st,
	    const struct hsnap *snap, char *err, size_t errlen);
/* psctl --json status's document, written to out. */
int	 hpsd_status_json(const struct hconf *, FILE *out, char *err,
	    size_t errlen);
/* The rows of one list (none when psd does not know the request). */
int	 hpsd_rows(const struct hconf *, const struct hlist *list,
	    struct hrows *out, char *err, size_t errlen);
void	 hpsd_rows_free(struct hrows *rows);
/* Is this program ready in READY's sense?  why: the reason if not. */
bool	 hpsd_prog_ready(const struct hprog *p, char *why, size_t len);

/* http_metrics.c: the exposition, Prometheus 0.0.4 or OpenMetrics.
 * metrics_lists asks psd for the lists the exposition shows (pools,
 * sockets) into rows[METRICS_NLISTS]; free them with metrics_lists_free. */
#define METRICS_NLISTS	2
void	 metrics_lists(const struct hconf *hc, struct hrows *rows);
void	 metrics_lists_free(struct hrows *rows);
void	 metrics_write(FILE *out, bool openmetrics, bool psd_up,
	    const struct hstats *st, const struct hprog *v, size_t n,
	    const struct hsnap *snap, const struct hrows *rows);

/* http_proc.c: every process in /proc at one moment, sorted by pid. */
struct hproc_ent {
	pid_t		 pid, ppid;
	char		 state;		/* R S D Z ... */
	char		 comm[16];
	double		 cpu_seconds;	/* user + system */
	int64_t		 rss_bytes;
};
struct hsnap {
	struct hproc_ent *v;
	size_t		  n;
};
int	 hproc_snapshot(struct hsnap *s);
void	 hproc_snap_free(struct hsnap *s);
const struct hproc_ent *hproc_find(const struct hsnap *s, int64_t pid);
/* Zombies among the descendants of psd_pid; -1 if that is not a psd we
 * can see (another PID namespace). */
int64_t	 hproc_zombies(const struct hsnap *s, int64_t psd_pid);

/* http_serve.c: the request handler (cls: the struct hconf). */
enum MHD_Result serve_request(void *cls, struct MHD_Connection *conn,
	    const char *url, const char *method, const char *version,
	    const char *upload, size_t *upload_size, void **state);
void	 serve_completed(void *cls, struct MHD_Connection *conn,
	    void **state, enum MHD_RequestTerminationCode toe);
/* Drop the cached answers (at exit, after the daemons stopped). */
void	 serve_free(void);

#endif
