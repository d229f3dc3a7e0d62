/*
 * notify_msg.h: parse one sd_notify(3) datagram.
 *
 * A datagram holds KEY=VALUE lines separated by newlines, with or without
 * a trailing newline.  The parser is pure (no system calls), so the unit
 * test and the fuzzer feed it bytes directly; notify.c checks who sent a
 * datagram, readiness.c acts on what it says.
 */
#ifndef PSD_NOTIFY_MSG_H
#define PSD_NOTIFY_MSG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Larger datagrams are refused whole (systemd: the same bound). */
#define NOTIFY_MSG_MAX		4096
/* STATUS= text kept, with its NUL; longer text is cut. */
#define NOTIFY_STATUS_MAX	256

/* notify_msg.flags: what the datagram said. */
#define NOTIFY_READY		0x001	/* READY=1 */
#define NOTIFY_RELOADING	0x002	/* RELOADING=1 */
#define NOTIFY_STOPPING		0x004	/* STOPPING=1 */
#define NOTIFY_WATCHDOG		0x008	/* WATCHDOG=1 */
#define NOTIFY_WATCHDOG_TRIGGER	0x010	/* WATCHDOG=trigger */
#define NOTIFY_BARRIER		0x020	/* BARRIER=1 */
#define NOTIFY_STATUS		0x040	/* STATUS=..., in status */
#define NOTIFY_MAINPID		0x080	/* MAINPID=N, in mainpid */
#define NOTIFY_ERRNO		0x100	/* ERRNO=N, in errnum */
#define NOTIFY_EXTEND		0x200	/* EXTEND_TIMEOUT_USEC=N */

struct notify_msg {
	unsigned int	 flags;
	char		 status[NOTIFY_STATUS_MAX];
	pid_t		 mainpid;
	int		 errnum;
	uint64_t	 extend_usec;
	int		 nlines;	/* non-empty lines */
	int		 nunknown;	/* well-formed, key not acted on */
	int		 nbad;		/* malformed, or a bad value */
};

/*
 * Parse len bytes of buf into *m.  0 on success (lines that are not
 * understood are counted and skipped, as systemd does); -1 with *why set
 * when the whole datagram is refused: too large, or a NUL byte inside.
 * When a key repeats, the last one wins.
 */
int	 notify_msg_parse(const char *buf, size_t len, struct notify_msg *m,
	    const char **why);

#endif
