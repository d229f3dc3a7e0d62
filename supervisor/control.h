/*
 * control.h: the control socket psctl talks to.
 *
 * A Unix stream socket, created under a tight umask, mode 0600 unless
 * configured; each peer's credentials (SO_PEERCRED, SO_PEERGROUPS) are
 * checked and the check fails closed.  Every connection is non-blocking in
 * psd's one loop with bounded buffers: a client that sends garbage gets an
 * error and is dropped, and one that stops reading is dropped when its
 * output passes a bound.  psd never stalls or exits because of a client.
 */
#ifndef PSD_CONTROL_H
#define PSD_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "control_sock.h"
#include "proto.h"

struct program;
struct conn;

/*
 * Open the socket.  0; -1 with a one-line reason in err (another psd
 * is running there, the path is too long, bind failed...).
 */
int	 control_open(const struct control_opts *o, char *err, size_t errlen);
void	 control_close(void);
int	 control_connections(void);

/* A program changed state: wake connections waiting on it. */
void	 control_program_changed(struct program *p);
/* A program is about to be freed (reload): forget it. */
void	 control_program_removed(struct program *p);

/*
 * Who handles a decoded request (control_cmds.c's control_cmd, registered
 * by wiring.c): control.c knows connections, not verbs.
 */
typedef void (*control_request_fn)(struct conn *c, const struct proto_msg *m);
void	 control_on_request(control_request_fn fn);

/* What a connection waits for (conn_pend kinds, the verbs' business). */
enum { PEND_START = 1, PEND_STOP, PEND_RESTART, PEND_JOIN, PEND_FOLLOW,
    PEND_EVENTS, PEND_POOL };

/* For the verbs (control_cmds.c): reply building and pending waits. */
struct proto_buf *conn_out(struct conn *c);
bool	 conn_may_write(const struct conn *c);
void	 conn_error(struct conn *c, const char *code, const char *name,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 conn_ok(struct conn *c, const char *msg);
void	 conn_end(struct conn *c, int64_t count);
/* Keep the connection waiting: check() is called after every change and
 * returns true once it has replied. */
typedef bool (*conn_check_fn)(struct conn *c);
void	 conn_pend(struct conn *c, struct program **targets, int ntargets,
	    int kind, conn_check_fn check);
struct program **conn_targets(struct conn *c, int *n, int *kind);
bool	 conn_waits_on(const struct conn *c, const struct program *p);
/* Call fn for every connection waiting with this kind. */
/* psd is exiting: a BYE with its exit status to each connection pending
 * on kind (the followers of logs -f and events). */
void	 conn_goodbye(int kind, int status);
void	 conn_foreach_pending(int kind, void (*fn)(struct conn *, void *),
	    void *arg);
/* Call fn when c closes, before its data is freed. */
void	 conn_on_close(struct conn *c, void (*fn)(struct conn *));
/* End a pending request (its reply is queued): read requests again. */
void	 conn_resume(struct conn *c);
/* A verb's state for this connection (free()d when it closes). */
void	*conn_data(struct conn *c);
void	 conn_set_data(struct conn *c, void *data);
/* Bytes of replies not yet taken by the client. */
size_t	 conn_out_pending(const struct conn *c);
/* Write what is queued now (outside a request). */
void	 conn_kick(struct conn *c);
/* Close after the output is flushed. */
void	 conn_finish(struct conn *c);

#endif
