/*
 * psctl_verbs.c: status, start, stop, restart, signal, wait, ready, ping,
 * reload, shutdown, version.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "progstatus.h"
#include "psctl.h"
#include "signame.h"
#include "status_json.h"
#include "util.h"

/* Is this state "running" for status's exit code? */
static bool
psctl_is_up(const char *state)
{
	/* LISTENING: psd holds its sockets, it starts at a connection */
	return strcmp(state, "RUNNING") == 0 || strcmp(state, "READY") == 0 ||
	    strcmp(state, "LISTENING") == 0;
}


/* Append "; "-separated text to an INFO cell. */
static void __attribute__((format(printf, 4, 5)))
info_add(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off > 0 && *off + 2 < len) {
		memcpy(buf + *off, "; ", 3);
		*off += 2;
	}
	if (*off >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += (size_t)n;
}

/*
 * The INFO column: why it is not running, else what the program says of
 * itself (sd_notify RELOADING/STOPPING, STATUS=, ERRNO=) and its watchdog
 * misses.
 */
static const char *
psctl_info(const struct progstatus *s, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	if (s->reason != NULL)
		info_add(buf, len, &off, "%s", s->reason);
	if (s->notify_state != NULL)
		info_add(buf, len, &off, "%s", s->notify_state);
	if (s->status_text != NULL)
		info_add(buf, len, &off, "%s", s->status_text);
	if (s->notify_errno != 0)
		info_add(buf, len, &off, "errno %lld",
		    (long long)s->notify_errno);
	if (s->watchdog_misses > 0)
		info_add(buf, len, &off, "watchdog misses: %lld",
		    (long long)s->watchdog_misses);
	return buf;
}

int
verb_status(struct psctl *ps, int argc, char **argv)
{
	static const char *const head[] = { "NAME", "STATE", "PID", "UPTIME",
	    "RESTARTS", "LAST EXIT", "DAEMON", "INFO" };
	struct proto_msg m;
	struct progstatus s;
	struct json j;
	char pid[16], up[32], rs[16], info[512];
	const char *row[8];
	bool all_up = true;
	int r;

	if ((r = psctl_post(ps, MSG_STATUS, argv + 1, argc - 1, 0)) != PSCTL_OK)
		return r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_begin_arr(&j, "programs");
	} else
		psctl_table_add(head, 8);
	while ((r = psctl_recv(ps, &m, false)) == 1 && m.hdr.type == MSG_PROGRAM) {
		progstatus_unpack(&m, &s);
		all_up &= psctl_is_up(s.state_name);
		if (ps->json) {
			status_json_program(&j, &s);
			continue;
		}
		snprintf(pid, sizeof pid, "%lld", (long long)s.pid);
		snprintf(rs, sizeof rs, "%lld", (long long)s.restarts);
		row[0] = s.name;
		row[1] = s.state_name;
		row[2] = s.pid > 0 ? pid : "-";
		row[3] = psctl_uptime(s.uptime_ms, up, sizeof up);
		row[4] = rs;
		row[5] = s.has_exited ? (proto_str(&m, K_LAST_EXIT) != NULL ?
		    s.last_exit : "-") : "-";
		row[6] = s.daemon ? "yes" : "no";
		row[7] = psctl_info(&s, info, sizeof info);
		psctl_table_add(row, 8);
	}
	if (r != 1)
		return -r;
	if (!ps->json)
		psctl_table_print(ps, 1);
	else
		json_end_arr(&j);
	/* the pools, when psd has any (all programs asked for) */
	if (argc == 1 && (r = psctl_pools_status(ps, ps->json ? &j : NULL)) !=
	    PSCTL_OK)
		return r;
	if (ps->json) {
		json_end_obj(&j);
		json_finish(&j);
	}
	return all_up ? PSCTL_OK : PSCTL_NOT_RUNNING;
}

/* Print the MSG_RESULT list that start/stop/restart/signal/wait reply. */
static int
psctl_results(struct psctl *ps, const char *verb, bool long_wait,
    bool want_up, bool want_down, int *first_code)
{
	struct proto_msg m;
	struct progstatus s;
	struct json j;
	int r, status = PSCTL_OK;

	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_begin_arr(&j, "results");
	}
	while ((r = psctl_recv(ps, &m, long_wait)) == 1 &&
	    m.hdr.type == MSG_RESULT) {
		progstatus_unpack(&m, &s);
		if ((want_up && !pstate_up(s.state)) ||
		    (want_down && !pstate_down(s.state)))
			status = PSCTL_FAILED;
		if (s.result == PROTO_R_NOT_RUNNING)
			status = PSCTL_NOT_RUNNING;
		if (first_code != NULL && *first_code == 0 && s.has_exited)
			*first_code = (int)s.exit_code;
		if (ps->json) {
			json_begin_obj(&j, NULL);
			json_str(&j, "name", s.name);
			json_str(&j, "state", s.state_name);
			json_int(&j, "pid", s.pid);
			if (s.has_exited) {
				json_int(&j, "exit_code", s.exit_code);
				json_str(&j, "last_exit", s.last_exit);
			} else {
				json_null(&j, "exit_code");
				json_null(&j, "last_exit");
			}
			json_str(&j, "reason", s.reason);
			json_str(&j, "message", s.message);
			json_end_obj(&j);
			continue;
		}
		if (strcmp(verb, "wait") == 0)
			printf("%s: %s%s%s\n", s.name, s.has_exited ?
			    s.last_exit : "never ran", s.reason ? " -- " : "",
			    s.reason ? s.reason : "");
		else
			printf("%s: %s%s%s%s\n", s.name, s.state_name,
			    s.message ? " (" : "", s.message ? s.message : "",
			    s.message ? ")" : "");
		if (s.reason != NULL && status != PSCTL_OK &&
		    strcmp(verb, "wait") != 0)
			printf("  %s\n", s.reason);
	}
	if (r != 1)
		return -r;
	if (ps->json) {
		json_end_arr(&j);
		json_end_obj(&j);
		json_finish(&j);
	}
	return status;
}

int
verb_startstop(struct psctl *ps, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "wait", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	uint16_t type;
	bool wait = false;
	int c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+w", opts, NULL)) != -1) {
		if (c != 'w') {
			psctl_err("%s: unknown option %s", argv[0],
			    argv[optind - 1]);
			return PSCTL_USAGE;
		}
		wait = true;
	}
	if (optind >= argc) {
		psctl_err("%s: name at least one program (or all)", argv[0]);
		return PSCTL_USAGE;
	}
	type = strcmp(argv[0], "start") == 0 ? MSG_START :
	    strcmp(argv[0], "stop") == 0 ? MSG_STOP : MSG_RESTART;
	if ((r = psctl_post(ps, type, argv + optind, argc - optind,
	    wait ? PROTO_FLAG_WAIT : 0)) != PSCTL_OK)
		return r;
	return psctl_results(ps, argv[0], wait, wait && type != MSG_STOP,
	    wait && type == MSG_STOP, NULL);
}

int
verb_signal(struct psctl *ps, int argc, char **argv)
{
	struct proto_buf req = { 0 };
	int sig, r;

	if (argc < 3) {
		psctl_err("signal: usage: psctl signal SIG NAME...");
		return PSCTL_USAGE;
	}
	if ((sig = sig_parse(argv[1], 0)) <= 0) {
		psctl_err("signal: unknown signal \"%s\"", argv[1]);
		return PSCTL_USAGE;
	}
	proto_begin(&req, MSG_SIGNAL);
	proto_put_int(&req, K_SIGNAL, sig);
	for (r = 2; r < argc; r++)
		proto_put_str(&req, K_NAME, argv[r]);
	proto_end(&req);
	if ((r = psctl_send(ps, &req)) != PSCTL_OK)
		return r;
	return psctl_results(ps, "signal", false, false, false, NULL);
}

int
verb_wait(struct psctl *ps, int argc, char **argv)
{
	int r, code = 0;

	if (argc < 2) {
		psctl_err("wait: name at least one program");
		return PSCTL_USAGE;
	}
	if (strchr(argv[1], '#') != NULL)	/* POOL#ID: jobs */
		return verb_job_wait(ps, argc, argv);
	if ((r = psctl_post(ps, MSG_WAIT, argv + 1, argc - 1, 0)) != PSCTL_OK)
		return r;
	r = psctl_results(ps, "wait", true, false, false, &code);
	if (r != PSCTL_OK)
		return r;
	return code;
}

int
verb_ready(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	struct json j;
	bool ready;
	int r;

	(void)argc;
	(void)argv;
	if ((r = psctl_ask(ps, MSG_READY, NULL, 0, 0, &m)) != PSCTL_OK)
		return r;
	ready = proto_int_or(&m, K_READY, 0) != 0;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_bool(&j, "ready", ready);
		json_str(&j, "reason", proto_str(&m, K_MESSAGE));
		json_end_obj(&j);
		json_finish(&j);
	} else if (ready)
		printf("ready\n");
	else
		printf("not ready: %s\n", proto_str_or(&m, K_MESSAGE, "?"));
	return ready ? PSCTL_OK : PSCTL_FAILED;
}

int
verb_ping(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	struct json j;
	int r;

	(void)argc;
	(void)argv;
	if ((r = psctl_post(ps, MSG_PING, NULL, 0, 0)) != PSCTL_OK)
		return r;
	if ((r = psctl_recv(ps, &m, false)) != 1)
		return r == -PSCTL_FAILED && !ps->error_reply ?
		    PSCTL_UNREACHABLE : -r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_bool(&j, "ok", true);
		json_end_obj(&j);
		json_finish(&j);
	} else
		printf("pong\n");
	return PSCTL_OK;
}

/* Print one list of a reload reply. */
static void
reload_list(struct psctl *ps, struct json *j, const struct proto_msg *m,
    uint16_t key, const char *label)
{
	const char *s;
	int i = 0;

	if (ps->json)
		json_begin_arr(j, label);
	while ((s = proto_next_str(m, key, &i)) != NULL) {
		if (ps->json)
			json_str(j, NULL, s);
		else
			printf("%s: %s\n", label, s);
	}
	if (ps->json)
		json_end_arr(j);
}

int
verb_reload(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	struct json j;
	int r;

	(void)argc;
	(void)argv;
	if ((r = psctl_ask(ps, MSG_RELOAD, NULL, 0, 0, &m)) != PSCTL_OK)
		return r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
	}
	reload_list(ps, &j, &m, K_ADDED, "added");
	reload_list(ps, &j, &m, K_REMOVED, "removed");
	reload_list(ps, &j, &m, K_CHANGED, "changed");
	reload_list(ps, &j, &m, K_UPDATED, "updated");
	if (ps->json) {
		json_end_obj(&j);
		json_finish(&j);
	} else if (m.nfields == 0)
		printf("reloaded: no change\n");
	return PSCTL_OK;
}

/* clear NAME...: forget NAME's kept lines, empty its log files. */
int
verb_clear(struct psctl *ps, int argc, char **argv)
{
	int r;

	if ((r = psctl_post(ps, MSG_CLEAR, argv + 1, argc - 1, 0)) != PSCTL_OK)
		return r;
	return psctl_results(ps, "clear", false, false, false, NULL);
}

int
verb_shutdown(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	struct json j;
	char err[256];
	int r;

	if (argc > 1 && strcmp(argv[1], "--no-wait") != 0) {
		psctl_err("shutdown: unknown option %s", argv[1]);
		return PSCTL_USAGE;
	}
	if ((r = psctl_ask(ps, MSG_SHUTDOWN, NULL, 0, 0, &m)) != PSCTL_OK)
		return r;
	/* psd closes the connection as it exits. */
	if (argc == 1 && client_recv(&ps->cl, &m, ps->timeout_given ?
	    clock_ms() + ps->timeout : -1, err, sizeof err) < 0) {
		psctl_err("%s", err);
		return PSCTL_FAILED;
	}
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_bool(&j, "ok", true);
		json_bool(&j, "exited", argc == 1);
		json_end_obj(&j);
		json_finish(&j);
	}
	return PSCTL_OK;
}

int
verb_version(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	struct json j;
	int r;

	(void)argc;
	(void)argv;
	if ((r = psctl_ask(ps, MSG_GET_VERSION, NULL, 0, 0, &m)) != PSCTL_OK)
		return r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_str(&j, "psctl", PACKAGE_VERSION);
		json_str(&j, "psd", proto_str_or(&m, K_VERSION, "?"));
		json_int(&j, "protocol", proto_int_or(&m, K_PROTOCOL, 0));
		json_end_obj(&j);
		json_finish(&j);
	} else
		printf("psctl %s\npsd %s (pid %lld)\nprotocol %lld\n",
		    PACKAGE_VERSION, proto_str_or(&m, K_VERSION, "?"),
		    (long long)proto_int_or(&m, K_PSD_PID, 0),
		    (long long)proto_int_or(&m, K_PROTOCOL, 0));
	return PSCTL_OK;
}
