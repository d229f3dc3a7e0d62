/*
 * psctl_events.c: psctl events [--since DURATION] [-k KIND[,KIND]]...
 * [--no-follow] [-c N] [NAME...]
 *
 * Prints what happens to the programs, one line per event, as psd pushes
 * them: started, ready, exited (with the status), backoff, fatal, stopped,
 * orphan (reaped, with the program it came from).  --json prints JSON
 * Lines, every object with the same keys (doc/protocol.md, "Events").
 * top's event pane uses psctl_event_line().
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "duration.h"
#include "json.h"
#include "psctl.h"
#include "util.h"
#include "xmalloc.h"

/* "14:03:07.250" (or with the date) of a wall clock time in ms. */
static void
events_stamp(int64_t t, bool date, char *buf, size_t len)
{
	struct tm tm;
	time_t sec = (time_t)(t / 1000);
	size_t n;

	localtime_r(&sec, &tm);
	n = strftime(buf, len, date ? "%Y-%m-%dT%H:%M:%S" : "%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03d", (int)(t % 1000));
}

void
psctl_event_line(const struct proto_msg *m, bool date, char *buf, size_t len)
{
	const char *kind = proto_str(m, K_EVENT), *name = proto_str(m, K_NAME);
	const char *st = proto_str(m, K_LAST_EXIT), *msg = proto_str(m, K_MESSAGE);
	char stamp[40], d[32], more[256] = "";
	int64_t pid = proto_int_or(m, K_PID, 0), delay;
	size_t n = 0;

	events_stamp(proto_int_or(m, K_TIME_MS, 0), date, stamp, sizeof stamp);
	if (pid > 0)
		n += (size_t)snprintf(more + n, sizeof more - n, " pid %lld",
		    (long long)pid);
	if (st != NULL && n < sizeof more)
		n += (size_t)snprintf(more + n, sizeof more - n, " %s", st);
	if (proto_int(m, K_DELAY_MS, &delay) && n < sizeof more)
		n += (size_t)snprintf(more + n, sizeof more - n,
		    " restart in %s", psctl_duration(delay, d, sizeof d));
	if (msg != NULL && n < sizeof more)
		n += (size_t)snprintf(more + n, sizeof more - n, " (%s)", msg);
	if (proto_int(m, K_EVENTS_LOST, &delay) && n < sizeof more)
		snprintf(more + n, sizeof more - n, " [%lld events lost before"
		    " this one]", (long long)delay);
	snprintf(buf, len, "%s %-7s %s%s", stamp, kind != NULL ? kind : "?",
	    name != NULL && *name != '\0' ? name : "-", more);
}

/* One event as a JSON line: every key present, null where it does not
 * apply (doc/protocol.md). */
static void
events_json(const struct proto_msg *m)
{
	const char *name = proto_str(m, K_NAME), *s;
	struct json j;
	int64_t v;

	json_init(&j, stdout);
	json_begin_obj(&j, NULL);
	json_int(&j, "seq", proto_int_or(m, K_SEQ, 0));
	json_int(&j, "time_ms", proto_int_or(m, K_TIME_MS, 0));
	s = proto_str(m, K_EVENT);
	json_str(&j, "kind", s != NULL ? s : "");
	if (name != NULL && *name != '\0')
		json_str(&j, "program", name);
	else
		json_null(&j, "program");
	if (proto_int(m, K_PID, &v))
		json_int(&j, "pid", v);
	else
		json_null(&j, "pid");
	if (proto_int(m, K_EXIT_CODE, &v))
		json_int(&j, "exit_code", v);
	else
		json_null(&j, "exit_code");
	if ((s = proto_str(m, K_LAST_EXIT)) != NULL)
		json_str(&j, "status", s);
	else
		json_null(&j, "status");
	if (proto_int(m, K_DELAY_MS, &v))
		json_int(&j, "delay_ms", v);
	else
		json_null(&j, "delay_ms");
	if ((s = proto_str(m, K_MESSAGE)) != NULL)
		json_str(&j, "message", s);
	else
		json_null(&j, "message");
	json_int(&j, "lost", proto_int_or(m, K_EVENTS_LOST, 0));
	json_end_obj(&j);
	json_finish(&j);
}

/* Add the kinds of "exited,fatal" to the request; -1 on an unknown one. */
static int
events_kinds(struct proto_buf *req, const char *arg)
{
	char *dup = xstrdup(arg), *s, *save = NULL;
	int r = 0;

	for (s = strtok_r(dup, ",", &save); s != NULL;
	    s = strtok_r(NULL, ",", &save)) {
		if (proto_event_kind(s) < 0) {
			psctl_err("events: unknown event kind \"%s\" (started,"
			    " ready, exited, backoff, fatal, stopped, orphan)",
			    s);
			r = -1;
			break;
		}
		proto_put_str(req, K_EVENT, s);
	}
	free(dup);
	return r;
}

int
verb_events(struct psctl *ps, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since",	required_argument,	NULL, 'S' },
		{ "kind",	required_argument,	NULL, 'k' },
		{ "no-follow",	no_argument,		NULL, 'N' },
		{ "count",	required_argument,	NULL, 'c' },
		{ NULL,		0,			NULL, 0 },
	};
	struct proto_buf req = { 0 };
	struct proto_msg m;
	int64_t ago, since = -1, flags = PROTO_FLAG_FOLLOW;
	long count = -1, seen = 0;
	char line[512];
	int c, r, i;

	proto_begin(&req, MSG_EVENTS);
	optind = 1;
	while ((c = getopt_long(argc, argv, "+S:k:Nc:", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			if (duration_parse(optarg, &ago) < 0) {
				psctl_err("events: --since %s: expected a"
				    " duration ago, like 10m or 30s", optarg);
				goto usage;
			}
			since = wallclock_ms() - ago;
			break;
		case 'k':
			if (events_kinds(&req, optarg) < 0)
				goto usage;
			break;
		case 'N':
			flags = 0;
			break;
		case 'c':
			if (parse_long(optarg, 1, 1000000000, &count) < 0) {
				psctl_err("events: --count %s: expected a"
				    " number of events", optarg);
				goto usage;
			}
			break;
		default:
			psctl_err("events: unknown option %s; usage: psctl"
			    " events [--since DURATION] [-k KIND[,KIND]]"
			    " [--no-follow] [-c N] [NAME...]", argv[optind - 1]);
			goto usage;
		}
	}
	for (i = optind; i < argc; i++)
		proto_put_str(&req, K_NAME, argv[i]);
	if (since >= 0)
		proto_put_int(&req, K_SINCE_MS, since);
	if (flags != 0)
		proto_put_int(&req, K_FLAGS, flags);
	proto_end(&req);
	if ((r = psctl_send(ps, &req)) != PSCTL_OK)
		return r;
	while (count < 0 || seen < count) {
		r = psctl_recv(ps, &m, flags != 0);
		if (r != 1)
			return -r;
		if (m.hdr.type == MSG_END)
			break;
		if (m.hdr.type == MSG_BYE) {
			fprintf(stderr, "psctl: events: psd shut down (exit"
			    " status %lld)\n", (long long)proto_int_or(&m,
			    K_EXIT_CODE, 0));
			break;
		}
		if (m.hdr.type != MSG_EVENT)
			continue;
		seen++;
		if (ps->json)
			events_json(&m);
		else {
			psctl_event_line(&m, true, line, sizeof line);
			printf("%s\n", line);
		}
		fflush(stdout);
	}
	return PSCTL_OK;
usage:
	proto_buf_free(&req);
	return PSCTL_USAGE;
}
