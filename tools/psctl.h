/*
 * psctl.h: what psctl's files share.
 */
#ifndef PSCTL_H
#define PSCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto.h"
#include "psctl_client.h"

/* Exit statuses, systemctl's habits (documented in psctl(1)). */
#define PSCTL_OK		0
#define PSCTL_FAILED		1	/* refused, or the action failed */
#define PSCTL_USAGE		2
#define PSCTL_NOT_RUNNING	3	/* status: a program is not running */
#define PSCTL_NO_PROGRAM	4
#define PSCTL_UNREACHABLE	5	/* no psd answers on the socket */
#define PSCTL_POOL_CLOSED	6	/* submit to a closed pool */
#define PSCTL_QUEUE_FULL	7	/* submit --no-wait to a full queue */

struct psctl {
	const char	*socket;
	bool		 json;
	bool		 color;
	int64_t		 timeout;	/* ms; -1: wait as long as it takes */
	bool		 timeout_given;
	struct client	 cl;
	bool		 connected;
	char		 send_err[512];	/* the request could not be sent */
	bool		 error_reply;	/* psd answered with an error */
};

/* One line to stderr: "psctl: ..." (kept for the --json error document) */
void	 psctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The error word of the failure being reported ("timeout", ...). */
void	 psctl_err_word(const char *word);
/* With --json and no document written: {"error": ..., "message": ...}. */
void	 psctl_json_failure(struct psctl *ps, int status);
/* Connect and send req.  Returns PSCTL_OK or an exit status. */
int	 psctl_send(struct psctl *ps, struct proto_buf *req);
/*
 * The next reply.  1: *m set; otherwise an exit status (<= 0 is not used:
 * returns -status) after printing the error: MSG_ERROR replies become
 * their exit status (no-such-program 4, denied 1, ...).
 */
int	 psctl_recv(struct psctl *ps, struct proto_msg *m, bool long_wait);
/* Build a request of type with names and flags. */
void	 psctl_request(struct proto_buf *b, uint16_t type, char **names,
	    int nnames, int64_t flags);
/* Map an error reply to an exit status, printing it. */
/* A request of type with K_NAME names and K_FLAGS, sent: PSCTL_OK or the
 * status to exit with (the error said). */
int	 psctl_post(struct psctl *ps, uint16_t type, char **names, int nnames,
	    int64_t flags);
/* psctl_post, then its first reply into m: PSCTL_OK, or the status. */
int	 psctl_ask(struct psctl *ps, uint16_t type, char **names, int nnames,
	    int64_t flags, struct proto_msg *m);
int	 psctl_error_reply(struct psctl *ps, const struct proto_msg *m);

/* Formatting. */
const char *psctl_uptime(int64_t ms, char *buf, size_t len);
const char *psctl_duration(int64_t ms, char *buf, size_t len);
const char *psctl_state_color(const char *state);
void	 psctl_table_add(const char *const *cells, int ncells);
void	 psctl_table_print(struct psctl *ps, int state_col);

/* Verbs: return the exit status.  argv[0] is the verb. */
int	 verb_status(struct psctl *, int, char **);
int	 verb_startstop(struct psctl *, int, char **);
int	 verb_signal(struct psctl *, int, char **);
int	 verb_wait(struct psctl *, int, char **);
int	 verb_ready(struct psctl *, int, char **);
int	 verb_ping(struct psctl *, int, char **);
int	 verb_reload(struct psctl *, int, char **);
int	 verb_shutdown(struct psctl *, int, char **);
int	 verb_version(struct psctl *, int, char **);
int	 verb_stats(struct psctl *, int, char **);
int	 verb_tree(struct psctl *, int, char **);
int	 verb_logs(struct psctl *, int, char **);
int	 verb_clear(struct psctl *, int, char **);
int	 verb_sockets(struct psctl *, int, char **);
int	 verb_events(struct psctl *, int, char **);
int	 verb_top(struct psctl *, int, char **);
/* An event as one line of text (psctl events, top's event pane). */
void	 psctl_event_line(const struct proto_msg *m, bool date, char *buf,
	    size_t len);
/* psctl_pool.c: pools of one-shot jobs */
int	 verb_submit(struct psctl *, int, char **);
int	 verb_run(struct psctl *, int, char **);
int	 verb_map(struct psctl *, int, char **);
int	 verb_job_wait(struct psctl *, int, char **);
int	 verb_result(struct psctl *, int, char **);
int	 verb_jobs(struct psctl *, int, char **);
int	 verb_cancel(struct psctl *, int, char **);
int	 verb_pool_ctl(struct psctl *, int, char **);
struct json;
/* The pools of psctl status (j: into that JSON document). */
int	 psctl_pools_status(struct psctl *ps, struct json *j);
/* psctl_super.c: supervisorctl's habits */
int	 verb_tail(struct psctl *, int, char **);
int	 verb_avail(struct psctl *, int, char **);
int	 verb_reread(struct psctl *, int, char **);
int	 verb_pid(struct psctl *, int, char **);

#endif
