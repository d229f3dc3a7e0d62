/*
 * status_json.c: one program of a status reply as JSON, the one shape
 * psctl --json status and psd-http's /status share.
 */
#include "status_json.h"

static const char *
str_or(const struct proto_msg *m, uint16_t key, const char *dflt)
{
	const char *s = proto_str(m, key);

	return s != NULL ? s : dflt;
}

/* One program of a status reply, as JSON. */
void
status_json_program(struct json *j, const struct proto_msg *m)
{
	const char *reason = proto_str(m, K_REASON);
	int64_t v;

	json_begin_obj(j, NULL);
	json_str(j, "name", str_or(m, K_NAME, ""));
	json_str(j, "state", str_or(m, K_STATE, ""));
	json_int(j, "pid", proto_int_or(m, K_PID, 0));
	json_int(j, "uptime_ms", proto_int_or(m, K_UPTIME_MS, 0));
	json_int(j, "restarts", proto_int_or(m, K_RESTARTS, 0));
	if (proto_int_or(m, K_HAS_EXITED, 0)) {
		json_str(j, "last_exit", str_or(m, K_LAST_EXIT, ""));
		json_int(j, "exit_code", proto_int_or(m, K_EXIT_CODE, 0));
	} else {
		json_null(j, "last_exit");
		json_null(j, "exit_code");
	}
	json_bool(j, "daemon", proto_int_or(m, K_DAEMON, 0));
	json_bool(j, "essential", proto_int_or(m, K_ESSENTIAL, 0));
	json_bool(j, "autostart", proto_int_or(m, K_AUTOSTART, 0));
	json_str(j, "ready", str_or(m, K_READY_KIND, "none"));
	if (proto_int(m, K_READY_AFTER_US, &v))
		json_int(j, "ready_after_us", v);
	else
		json_null(j, "ready_after_us");
	json_str(j, "status", proto_str(m, K_STATUS_TEXT));
	json_str(j, "notify_state", proto_str(m, K_NOTIFY_STATE));
	if (proto_int(m, K_NOTIFY_ERRNO, &v))
		json_int(j, "errno", v);
	else
		json_null(j, "errno");
	json_int(j, "watchdog_misses", proto_int_or(m, K_WATCHDOG_MISSES, 0));
	json_int(j, "orphans", proto_int_or(m, K_ORPHANS_OF, 0));
	json_str(j, "reason", reason);
	json_str(j, "command", proto_str(m, K_COMMAND));
	json_end_obj(j);
}
