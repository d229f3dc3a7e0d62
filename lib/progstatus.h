/*
 * progstatus.h: a program's status record on the wire, packed and
 * unpacked in one place.
 *
 * MSG_PROGRAM (psctl status, psd-http /status) carries the whole record;
 * MSG_RESULT (the reply to start, stop, restart, signal, wait, clear)
 * carries its run fields, why, and the request's numeric result.  psd
 * fills a struct progstatus and packs it; psctl, psd-http and the tests
 * unpack it.  Unpacked strings point into the message.
 */
#ifndef PSD_PROGSTATUS_H
#define PSD_PROGSTATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "proto.h"
#include "pstate.h"

struct progstatus {
	const char	*name;
	enum pstate	 state;		/* PS__COUNT: a name psctl does not
					   know (a newer psd) */
	const char	*state_name;	/* as sent; packing: "" for state's
					   name, else this (LISTENING) */
	int64_t		 pid;		/* 0: none */
	bool		 has_exited;	/* ran and ended, or failed to start */
	int64_t		 exit_code;	/* shell-style */
	const char	*last_exit;	/* "exit 3", "signal TERM", "" */
	const char	*reason;	/* NULL: none */

	/* MSG_PROGRAM only */
	int64_t		 uptime_ms;
	int64_t		 restarts;
	bool		 daemon, essential, autostart;
	int64_t		 instance;
	int64_t		 orphans;
	const char	*ready_kind;	/* "none", "notify", "exec"... */
	const char	*command;
	int64_t		 watchdog_misses;
	const char	*status_text;	/* sd_notify STATUS=; NULL */
	bool		 has_notify_errno;
	int64_t		 notify_errno;
	const char	*notify_state;	/* "reloading", "stopping"; NULL */
	bool		 has_ready_after;
	int64_t		 ready_after_us;

	/* MSG_RESULT only */
	enum proto_result result;
	const char	*message;	/* NULL: none */
};

/* Zero, with no state and "" where a string is always sent. */
void	 progstatus_init(struct progstatus *s);
/* One MSG_PROGRAM or MSG_RESULT message (type says which fields). */
void	 progstatus_pack(struct proto_buf *out, uint16_t type,
	    const struct progstatus *s);
/* Read a MSG_PROGRAM or MSG_RESULT; missing fields keep their defaults. */
void	 progstatus_unpack(const struct proto_msg *m, struct progstatus *s);

#endif
