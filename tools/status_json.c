/*
 * status_json.c: one program of a status reply as JSON, the one shape
 * psctl --json status and psd-http's /status share.
 */
#include "status_json.h"

/* One program of a status reply, as JSON. */
void
status_json_program(struct json *j, const struct progstatus *s)
{
	json_begin_obj(j, NULL);
	json_str(j, "name", s->name);
	json_str(j, "state", s->state_name);
	json_int(j, "pid", s->pid);
	json_int(j, "uptime_ms", s->uptime_ms);
	json_int(j, "restarts", s->restarts);
	if (s->has_exited) {
		json_str(j, "last_exit", s->last_exit);
		json_int(j, "exit_code", s->exit_code);
	} else {
		json_null(j, "last_exit");
		json_null(j, "exit_code");
	}
	json_bool(j, "daemon", s->daemon);
	json_bool(j, "essential", s->essential);
	json_bool(j, "autostart", s->autostart);
	json_str(j, "ready", s->ready_kind);
	if (s->has_ready_after)
		json_int(j, "ready_after_us", s->ready_after_us);
	else
		json_null(j, "ready_after_us");
	json_str(j, "status", s->status_text);
	json_str(j, "notify_state", s->notify_state);
	if (s->has_notify_errno)
		json_int(j, "errno", s->notify_errno);
	else
		json_null(j, "errno");
	json_int(j, "watchdog_misses", s->watchdog_misses);
	json_int(j, "orphans", s->orphans);
	json_str(j, "reason", s->reason);
	json_str(j, "command", s->command);
	json_end_obj(j);
}

void
status_json_pool(struct json *j, const struct proto_msg *m)
{
	const char *name = proto_str(m, K_POOL);

	json_begin_obj(j, NULL);
	json_str(j, "name", name != NULL ? name : "");
	json_int(j, "workers", proto_int_or(m, K_WORKERS, 0));
	json_int(j, "queued", proto_int_or(m, K_QUEUED, 0));
	json_int(j, "running", proto_int_or(m, K_RUNNING, 0));
	json_int(j, "done", proto_int_or(m, K_DONE, 0));
	json_int(j, "failed", proto_int_or(m, K_FAILED, 0));
	json_int(j, "cancelled", proto_int_or(m, K_CANCELLED, 0));
	json_int(j, "dropped", proto_int_or(m, K_DROPPED, 0));
	json_bool(j, "closed", proto_int_or(m, K_CLOSED, 0));
	json_end_obj(j);
}
