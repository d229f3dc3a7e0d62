/*
 * progstatus.c: pack and unpack a program's status record.
 */
#include <string.h>

#include "progstatus.h"

void
progstatus_init(struct progstatus *s)
{
	memset(s, 0, sizeof *s);
	s->name = "";
	s->state = PS__COUNT;
	s->state_name = "";
	s->last_exit = "";
	s->ready_kind = "none";
	s->result = PROTO_R_DONE;
}

void
progstatus_pack(struct proto_buf *out, uint16_t type,
    const struct progstatus *s)
{
	proto_begin(out, type);
	proto_put_str(out, K_NAME, s->name);
	proto_put_str(out, K_STATE, s->state_name != NULL &&
	    s->state_name[0] != '\0' ? s->state_name : pstate_name(s->state));
	proto_put_int(out, K_PID, s->pid);
	if (type == MSG_RESULT) {
		proto_put_int(out, K_EXIT_CODE, s->exit_code);
		proto_put_int(out, K_HAS_EXITED, s->has_exited);
		proto_put_str(out, K_LAST_EXIT, s->last_exit);
		if (s->reason != NULL)
			proto_put_str(out, K_REASON, s->reason);
		if (s->message != NULL)
			proto_put_str(out, K_MESSAGE, s->message);
		proto_put_int(out, K_RESULT, s->result);
		proto_end(out);
		return;
	}
	proto_put_int(out, K_UPTIME_MS, s->uptime_ms);
	proto_put_int(out, K_RESTARTS, s->restarts);
	proto_put_str(out, K_LAST_EXIT, s->last_exit);
	proto_put_int(out, K_EXIT_CODE, s->exit_code);
	proto_put_int(out, K_HAS_EXITED, s->has_exited);
	proto_put_int(out, K_DAEMON, s->daemon);
	proto_put_int(out, K_ESSENTIAL, s->essential);
	proto_put_int(out, K_AUTOSTART, s->autostart);
	proto_put_int(out, K_INSTANCE, s->instance);
	proto_put_int(out, K_ORPHANS_OF, s->orphans);
	proto_put_str(out, K_READY_KIND, s->ready_kind);
	if (s->reason != NULL)
		proto_put_str(out, K_REASON, s->reason);
	if (s->command != NULL)
		proto_put_str(out, K_COMMAND, s->command);
	proto_put_int(out, K_WATCHDOG_MISSES, s->watchdog_misses);
	if (s->status_text != NULL)
		proto_put_str(out, K_STATUS_TEXT, s->status_text);
	if (s->has_notify_errno)
		proto_put_int(out, K_NOTIFY_ERRNO, s->notify_errno);
	if (s->notify_state != NULL)
		proto_put_str(out, K_NOTIFY_STATE, s->notify_state);
	if (s->has_ready_after)
		proto_put_int(out, K_READY_AFTER_US, s->ready_after_us);
	proto_end(out);
}

void
progstatus_unpack(const struct proto_msg *m, struct progstatus *s)
{
	int64_t v;

	progstatus_init(s);
	s->name = proto_str_or(m, K_NAME, "");
	s->state_name = proto_str_or(m, K_STATE, "");
	s->state = pstate_parse(s->state_name);
	s->pid = proto_int_or(m, K_PID, 0);
	s->has_exited = proto_int_or(m, K_HAS_EXITED, 0) != 0;
	s->exit_code = proto_int_or(m, K_EXIT_CODE, 0);
	s->last_exit = proto_str_or(m, K_LAST_EXIT, "");
	s->reason = proto_str(m, K_REASON);
	s->uptime_ms = proto_int_or(m, K_UPTIME_MS, 0);
	s->restarts = proto_int_or(m, K_RESTARTS, 0);
	s->daemon = proto_int_or(m, K_DAEMON, 0) != 0;
	s->essential = proto_int_or(m, K_ESSENTIAL, 0) != 0;
	s->autostart = proto_int_or(m, K_AUTOSTART, 0) != 0;
	s->instance = proto_int_or(m, K_INSTANCE, 0);
	s->orphans = proto_int_or(m, K_ORPHANS_OF, 0);
	s->ready_kind = proto_str_or(m, K_READY_KIND, "none");
	s->command = proto_str(m, K_COMMAND);
	s->watchdog_misses = proto_int_or(m, K_WATCHDOG_MISSES, 0);
	s->status_text = proto_str(m, K_STATUS_TEXT);
	s->has_notify_errno = proto_int(m, K_NOTIFY_ERRNO, &v);
	s->notify_errno = s->has_notify_errno ? v : 0;
	s->notify_state = proto_str(m, K_NOTIFY_STATE);
	s->has_ready_after = proto_int(m, K_READY_AFTER_US, &v);
	s->ready_after_us = s->has_ready_after ? v : 0;
	s->result = (enum proto_result)proto_int_or(m, K_RESULT, PROTO_R_DONE);
	s->message = proto_str(m, K_MESSAGE);
}
