/*
 * proto.h: psd's control protocol, packed and unpacked in one place.
 *
 * psd, psctl and the tests all link this module; doc/protocol.md is the
 * specification for other tools.  A message is an 8-byte header
 *
 *	u16 version	PROTO_VERSION
 *	u16 type	enum proto_type
 *	u32 length	payload bytes that follow
 *
 * (all integers little-endian) and a payload of fields, each
 *
 *	u16 key		enum proto_key
 *	u16 length	value bytes that follow
 *	value		integer keys: 8 bytes (i64); string keys: bytes
 *			ending in the one NUL of the value
 *
 * Keys 1-255 are strings, 256-65535 integers, so a field of a key this
 * side does not know can still be checked and skipped (a newer peer may
 * send more).  A key may repeat (the names of a request).
 *
 * Version history:
 *	1	first version
 *		(later, same version: MSG_BYE to LOGS followers when psd
 *		exits normally; an older client ignores it and sees EOF)
 *		(later, same version: EVENTS 40 / EVENT 76, keys EVENT,
 *		ATTRIBUTION, SEQ, DELAY_MS, EVENTS_LOST; an older psd answers
 *		EVENTS with "unknown request type")
 */
#ifndef PSD_PROTO_H
#define PSD_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTO_VERSION		1
#define PROTO_HEADER_SIZE	8
#define PROTO_MAX_REQUEST	(64 * 1024)	/* client -> psd */
#define PROTO_MAX_MESSAGE	(256 * 1024)	/* psd -> client */
#define PROTO_MAX_FIELDS	1024

enum proto_type {
	/*
	 * MSG_VERSION never changes shape: its payload is a raw u32 (the
	 * protocol version psd speaks) then psd's version string with NUL.
	 * psd sends it, with header version = its own, when a request has
	 * another version; psctl can always read it.
	 */
	MSG_VERSION		= 1,
	MSG_ERROR		= 2,	/* K_ERROR, K_MESSAGE [, K_NAME] */
	MSG_OK			= 3,	/* [K_MESSAGE] */
	MSG_END			= 4,	/* K_COUNT: end of a list */
	MSG_BYE			= 5,	/* K_MESSAGE K_EXIT_CODE: psd exits */

	/* requests */
	MSG_PING		= 16,
	MSG_STATUS		= 17,	/* K_NAME*: none = all */
	MSG_START		= 18,	/* K_NAME+ [K_FLAGS: WAIT] */
	MSG_STOP		= 19,	/* K_NAME+ [K_FLAGS: WAIT] */
	MSG_RESTART		= 20,	/* K_NAME+ [K_FLAGS: WAIT] */
	MSG_SIGNAL		= 21,	/* K_SIGNAL K_NAME+ */
	MSG_WAIT		= 22,	/* K_NAME+ */
	MSG_STATS		= 23,
	MSG_TREE		= 24,
	MSG_READY		= 25,
	MSG_RELOAD		= 26,
	MSG_SHUTDOWN		= 27,
	MSG_GET_VERSION		= 28,
	MSG_LOGS		= 29,	/* K_NAME* [K_LINES] [K_SINCE] [K_FLAGS]
				   [K_STREAM: 1 or 2 only] */
	MSG_RELOAD_CHECK	= 30,	/* what RELOAD would do: RELOAD_REPLY */
	MSG_CLEAR		= 31,	/* K_NAME+: forget kept output lines */
	/* pools of one-shot jobs (32-39) */
	MSG_JOB_SUBMIT		= 32,	/* K_POOL K_ARG+ [K_FLAGS]: MSG_JOB */
	MSG_JOB_WAIT		= 33,	/* K_NAME+ ("pool#id") [K_TIMEOUT_MS]:
					   MSG_JOB each once all ended, END */
	MSG_JOB_RESULT		= 34,	/* K_NAME: MSG_JOB, MSG_JOB_OUTPUT*, END */
	MSG_JOBS		= 35,	/* [K_POOL]: MSG_JOB each, END; with
					   K_FLAGS POOL_LIST: MSG_POOL each */
	MSG_JOB_CANCEL		= 36,	/* K_NAME+: MSG_JOB each, END */
	MSG_POOL_CLOSE		= 37,	/* K_POOL: OK */
	MSG_POOL_JOIN		= 38,	/* K_POOL [K_TIMEOUT_MS]: OK when drained */
	MSG_POOL_TERMINATE	= 39,	/* K_POOL: OK with K_DROPPED */
	MSG_EVENTS		= 40,	/* K_NAME* K_EVENT* [K_SINCE_MS]
				   [K_FLAGS: FOLLOW]: EVENT list */
	MSG_SOCKETS		= 44,	/* held sockets: SOCKET*, CONN*, END */

	/* replies */
	MSG_PROGRAM		= 64,	/* one program's status */
	MSG_RESULT		= 65,	/* one program's start/stop/... result
					   (progstatus.h packs both) */
	MSG_STATS_REPLY		= 66,
	MSG_PROC		= 67,	/* one process of the tree */
	MSG_READY_REPLY		= 68,	/* K_READY [K_MESSAGE] */
	MSG_RELOAD_REPLY	= 69,	/* K_ADDED* K_REMOVED* K_CHANGED* K_UPDATED* */
	MSG_LOG			= 70,	/* K_NAME K_TIME K_STREAM K_TEXT */
	MSG_VERSION_REPLY	= 71,	/* K_VERSION K_PROTOCOL */
	MSG_JOB			= 72,	/* one job: K_POOL K_JOB_ID K_NAME K_STATE
					   K_ARG* [K_EXIT_CODE K_SIGNAL K_ERRNO
					   K_JOB_ERROR K_*_MS] */
	MSG_JOB_OUTPUT		= 73,	/* K_JOB_ID K_STREAM K_TEXT (a chunk) */
	MSG_POOL		= 74,	/* one pool's counts */
	MSG_JOB_DONE		= 75,	/* pushed to the submitter (FOLLOW): as
					   MSG_JOB, after its MSG_JOB_OUTPUT */
	MSG_EVENT		= 76,	/* K_SEQ K_TIME_MS K_EVENT K_NAME [K_PID]
				   [K_EXIT_CODE K_LAST_EXIT] [K_DELAY_MS]
				   [K_MESSAGE] */
	MSG_SOCKET		= 80,	/* K_PROGRAM K_LISTEN K_SOCKET_MODE
				   K_INODE [K_ACCEPTED K_ACTIVE K_REFUSED
				   K_MAX_CONNECTIONS] K_WATCHING */
	MSG_CONN		= 81,	/* K_NAME (PROG#N) K_PROGRAM K_PEER
				   K_PID K_UPTIME_MS */
};

enum proto_key {
	/* strings */
	K_NAME			= 1,
	K_STATE			= 2,
	K_MESSAGE		= 3,
	K_REASON		= 4,
	K_COMMAND		= 5,
	K_STATUS_TEXT		= 6,	/* sd_notify STATUS= */
	K_READY_KIND		= 7,
	K_VERSION		= 8,
	K_ADDED			= 9,
	K_REMOVED		= 10,
	K_CHANGED		= 11,
	K_TEXT			= 12,
	K_PROGRAM		= 13,	/* owner of a tree process */
	K_ERROR			= 14,	/* error code, a word: see below */
	K_CONFIG		= 15,	/* config path */
	K_LAST_EXIT		= 16,	/* "exit 3", "signal TERM" */
	K_PROC_STATE		= 17,	/* "R", "S", "Z", ... */
	K_NOTIFY_STATE		= 18,	/* "reloading", "stopping" (sd_notify) */
	K_UPDATED		= 19,	/* reload: settings applied in place */
	K_POOL			= 20,	/* a pool's name */
	K_ARG			= 21,	/* a job's word (repeated, in order) */
	K_JOB_ERROR		= 22,	/* "exec: No such file or directory" */
	K_WHY			= 23,	/* "timed out", "cancelled", ... */
	K_EVENT			= 30,	/* an event's kind: "started", ... */
	K_ATTRIBUTION		= 31,	/* stats: how orphans are attributed */
	K_LISTEN		= 40,	/* a listen = word: "tcp:127.0.0.1:80" */
	K_PEER			= 41,	/* a connection's peer: "ADDR:PORT" */
	K_SOCKET_MODE		= 42,	/* "pass", "on_demand", "accept" */

	/* integers */
	K_PID			= 256,
	K_UPTIME_MS		= 257,
	K_RESTARTS		= 258,
	K_EXIT_CODE		= 259,	/* shell-style: 128+N for signals */
	K_DAEMON		= 260,
	K_FLAGS			= 261,
	K_SIGNAL		= 262,
	K_COUNT			= 263,
	K_REAPED		= 264,
	K_ORPHANS		= 265,
	K_ZOMBIES		= 266,
	K_SPAWNS		= 267,
	K_CONNECTIONS		= 268,
	K_PPID			= 269,
	K_DEPTH			= 270,
	K_READY			= 271,
	K_PROTOCOL		= 272,
	K_LINES			= 273,
	K_SINCE_MS		= 274,
	K_TIME_MS		= 275,	/* wall clock, ms since the epoch */
	K_STREAM		= 276,	/* 1 stdout, 2 stderr */
	K_ORPHANS_OF		= 277,	/* orphans attributed to a program */
	K_WATCHDOG_MISSES	= 278,
	K_HAS_EXITED		= 279,
	K_ESSENTIAL		= 280,
	K_INSTANCE		= 281,
	K_AUTOSTART		= 282,
	K_PSD_PID		= 283,
	K_PROGRAMS		= 284,
	K_RUNNING		= 285,
	K_HOOKS			= 286,
	K_WAKEUPS		= 287,
	K_ORPHANS_ATTRIBUTED	= 288,
	K_NOTIFY_ERRNO		= 289,	/* sd_notify ERRNO= */
	K_READY_AFTER_US	= 290,	/* spawn to READY, this run */
	K_OUTPUT_BUFFERED	= 291,	/* bytes psd holds for its stdout+stderr */
	K_OUTPUT_LINES		= 292,	/* program lines carried so far */
	K_SPAWN_FAILURES	= 293,	/* starts that failed before exec */
	K_CONTROL_REQUESTS	= 294,	/* control requests psd has handled */
	K_OUTPUT_BYTES		= 295,	/* bytes written to stdout/err, log files */
	K_OUTPUT_DROPPED_LINES	= 296,	/* output lines psd had to drop */
	K_OUTPUT_DROPPED_BYTES	= 297,	/* output bytes psd had to drop */
	K_JOB_ID		= 300,
	K_WORKERS		= 301,
	K_QUEUED		= 302,
	K_DONE			= 303,
	K_FAILED		= 304,
	K_QUEUE_MAX		= 305,
	K_TIMEOUT_MS		= 306,
	K_ERRNO			= 307,	/* a job that could not start */
	K_SUBMITTED_MS		= 308,	/* wall clock, ms since the epoch */
	K_STARTED_MS		= 309,
	K_ENDED_MS		= 310,
	K_DROPPED		= 311,	/* jobs dropped from a queue */
	K_CLOSED		= 312,
	K_CANCELLED		= 313,
	K_KEPT			= 314,	/* finished jobs remembered */
	K_OUTPUT_CUT		= 315,	/* captured output bytes not kept */
	K_SEQ			= 320,	/* an event's number, from 1 */
	K_DELAY_MS		= 321,	/* backoff: the wait before the restart */
	K_EVENTS_LOST		= 322,	/* events a slow follower lost */
	K_ACCEPTED		= 340,	/* connections accepted (accept = true) */
	K_ACTIVE		= 341,	/* instances running now */
	K_REFUSED		= 342,	/* accepted, but no instance could run */
	K_INODE			= 343,	/* the socket's inode (/proc/PID/fd) */
	K_MAX_CONNECTIONS	= 344,
	K_WATCHING		= 345,	/* psd waits for a connection on it */
	K_RESULT		= 380,	/* MSG_RESULT: enum proto_result */
};

#define PROTO_KEY_IS_INT(k)	((k) >= 256)

/* K_FLAGS bits */
#define PROTO_FLAG_WAIT		0x1	/* start/stop: reply when done */
#define PROTO_FLAG_FOLLOW	0x2	/* logs: keep streaming */
#define PROTO_FLAG_UNTIL_EXIT	0x4	/* logs -f: end when the programs end */
#define PROTO_FLAG_NO_ZOMBIES	0x8	/* stats: skip ZOMBIES (a /proc scan) */
#define PROTO_FLAG_NO_WAIT	0x10	/* submit: refuse when the queue is full */
#define PROTO_FLAG_FOLLOW_JOB	0x20	/* submit: push MSG_JOB_DONE (with the
					   output) to this connection */
#define PROTO_FLAG_CANCEL_ON_CLOSE 0x40	/* submit: cancel the job if this
					   connection closes before it starts */
#define PROTO_FLAG_POOL_LIST	0x80	/* jobs: list the pools instead */

/*
 * K_RESULT: what a request did to one program (MSG_RESULT; K_MESSAGE
 * says the same in words).  Stable numbers: psctl maps them to exit
 * statuses.
 */
enum proto_result {
	PROTO_R_DONE		= 0,	/* start/stop/restart/wait: see K_STATE */
	PROTO_R_SIGNALLED	= 1,
	PROTO_R_NOT_RUNNING	= 2,	/* signal: no process to signal */
	PROTO_R_CLEARED		= 3,
	PROTO_R_CLEAR_PARTIAL	= 4,	/* clear: a log file was not emptied */
};

/* K_ERROR words (stable; psctl maps them to exit statuses). */
#define PROTO_E_BAD_REQUEST	"bad-request"
#define PROTO_E_NO_PROGRAM	"no-such-program"
#define PROTO_E_DENIED		"denied"
#define PROTO_E_SHUTTING_DOWN	"shutting-down"
#define PROTO_E_BAD_SIGNAL	"bad-signal"
#define PROTO_E_TOO_BIG		"too-big"
#define PROTO_E_FAILED		"failed"
#define PROTO_E_CONFIG		"config"
#define PROTO_E_NO_POOL		"no-such-pool"
#define PROTO_E_NO_JOB		"no-such-job"
#define PROTO_E_POOL_CLOSED	"pool-closed"
#define PROTO_E_QUEUE_FULL	"queue-full"
#define PROTO_E_TIMEOUT		"timeout"

struct proto_hdr {
	uint16_t	 version;
	uint16_t	 type;
	uint32_t	 length;
};

struct proto_field {
	uint16_t	 key;
	uint16_t	 len;
	const uint8_t	*val;
};

struct proto_msg {
	struct proto_hdr	 hdr;
	struct proto_field	*fields;
	int			 nfields;
};

/* A growing output buffer of whole messages. */
struct proto_buf {
	uint8_t		*data;
	size_t		 len, cap;
	size_t		 start;		/* of the message being built */
};

void		 proto_buf_free(struct proto_buf *b);
/* Drop n bytes from the front (after they were written). */
void		 proto_buf_consume(struct proto_buf *b, size_t n);
void		 proto_begin(struct proto_buf *b, uint16_t type);
void		 proto_put_int(struct proto_buf *b, uint16_t key, int64_t v);
void		 proto_put_str(struct proto_buf *b, uint16_t key, const char *s);
/* n bytes of s as a string field; a NUL among them becomes '?'. */
void		 proto_put_strn(struct proto_buf *b, uint16_t key, const char *s,
		    size_t n);
void		 proto_end(struct proto_buf *b);
/* A VERSION message (its fixed, raw shape). */
void		 proto_put_version(struct proto_buf *b, const char *psd_version);

/*
 * Parse a header from buf.  1: *h filled; 0: need more bytes; -1: the
 * length exceeds max (the caller replies too-big and drops the peer).
 */
int		 proto_header(const uint8_t *buf, size_t len, size_t max,
		    struct proto_hdr *h);
/*
 * Check and index a payload's fields into m (fields array of max
 * entries).  0, or -1 with a reason in *why if anything is malformed.
 */
int		 proto_decode(const uint8_t *payload, size_t len,
		    struct proto_field *fields, int max, struct proto_msg *m,
		    const char **why);
/* Decode MSG_VERSION's raw payload. */
int		 proto_decode_version(const uint8_t *payload, size_t len,
		    uint32_t *proto, const char **psd_version);

const char	*proto_str(const struct proto_msg *m, uint16_t key);
bool		 proto_int(const struct proto_msg *m, uint16_t key, int64_t *v);
int64_t		 proto_int_or(const struct proto_msg *m, uint16_t key,
		    int64_t dflt);
/* The string of key, or dflt when the message has none. */
const char	*proto_str_or(const struct proto_msg *m, uint16_t key,
		    const char *dflt);
/* Iterate a repeated string key: start with *i = 0; NULL at the end. */
const char	*proto_next_str(const struct proto_msg *m, uint16_t key, int *i);

const char	*proto_type_name(uint16_t type);

/*
 * The kinds of MSG_EVENT (K_EVENT), a stable list (doc/protocol.md):
 * started ready exited backoff fatal stopped orphan.  NULL-terminated.
 */
extern const char *const proto_event_kinds[];
/* Index of an event kind in proto_event_kinds, -1 if none. */
int		 proto_event_kind(const char *name);

#endif
