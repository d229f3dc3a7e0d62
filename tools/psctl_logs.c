/*
 * psctl_logs.c: psctl logs [-n N] [-f] [--since DURATION] [--until-exit]
 * [-t] [NAME...]
 *
 * Prints the lines psd keeps for the programs, "NAME | text", then (-f)
 * every new line until Ctrl-C, until the programs have ended
 * (--until-exit), or until psd shuts down (exit 0, said on stderr).  --json prints one document {"lines": [...]}; with -f
 * one JSON object per line instead (JSON Lines), so it can be streamed.
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

static const char *const logs_palette[] = {
	"36", "33", "32", "35", "34", "96", "93", "92", "95", "94",
};

struct logs_view {
	bool		 timestamps;
	bool		 follow;
	int		 width;
	struct json	 j;
	int64_t		 count;
};

/* A colour for a name, the same on every call. */
static const char *
logs_color(const char *name)
{
	unsigned int h = 0;

	if (strcmp(name, "psd") == 0)
		return "1";
	while (*name != '\0')
		h = h * 31 + (unsigned char)*name++;
	return logs_palette[h % nitems(logs_palette)];
}

/* One line, as text or JSON. */
static void
logs_print(struct psctl *ps, struct logs_view *lv, const struct proto_msg *m)
{
	const char *name = proto_str(m, K_NAME), *text = proto_str(m, K_TEXT);
	int64_t t = proto_int_or(m, K_TIME_MS, 0);
	char stamp[64] = "";
	struct tm tm;
	time_t sec;
	int len;

	if (name == NULL)
		name = "?";
	if (text == NULL)
		text = "";
	lv->count++;
	if (ps->json) {
		if (lv->follow)
			json_init(&lv->j, stdout);
		json_begin_obj(&lv->j, NULL);
		json_str(&lv->j, "name", name);
		json_int(&lv->j, "time_ms", t);
		json_str(&lv->j, "stream", proto_int_or(m, K_STREAM, 1) == 2 ?
		    "stderr" : "stdout");
		json_str(&lv->j, "text", text);
		json_end_obj(&lv->j);
		if (lv->follow) {
			json_finish(&lv->j);
			fflush(stdout);
		}
		return;
	}
	if (lv->timestamps) {
		sec = (time_t)(t / 1000);
		localtime_r(&sec, &tm);
		len = (int)strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S",
		    &tm);
		snprintf(stamp + len, sizeof stamp - (size_t)len, ".%03d ",
		    (int)(t % 1000));
	}
	len = (int)strlen(name);
	if (len > lv->width)
		lv->width = len;
	if (ps->color)
		printf("%s\033[%sm%-*s |\033[0m %s\n", stamp, logs_color(name),
		    lv->width, name, text);
	else
		printf("%s%-*s | %s\n", stamp, lv->width, name, text);
	if (lv->follow)
		fflush(stdout);
}

int
verb_logs(struct psctl *ps, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lines",	required_argument,	NULL, 'n' },
		{ "follow",	no_argument,		NULL, 'f' },
		{ "since",	required_argument,	NULL, 'S' },
		{ "until-exit",	no_argument,		NULL, 'u' },
		{ "timestamps",	no_argument,		NULL, 't' },
		{ NULL,		0,			NULL, 0 },
	};
	struct proto_buf req = { 0 };
	struct proto_msg m;
	struct logs_view lv;
	int64_t flags = 0, since = -1, ago;
	long lines = -1;
	int c, r, i;

	memset(&lv, 0, sizeof lv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "+n:fS:ut", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_long(optarg, 0, 1000000000, &lines) < 0) {
				psctl_err("logs: -n %s: expected a number of"
				    " lines", optarg);
				return PSCTL_USAGE;
			}
			break;
		case 'f':
			flags |= PROTO_FLAG_FOLLOW;
			break;
		case 'S':
			if (duration_parse(optarg, &ago) < 0) {
				psctl_err("logs: --since %s: expected a duration"
				    " ago, like 10m or 30s", optarg);
				return PSCTL_USAGE;
			}
			since = wallclock_ms() - ago;
			break;
		case 'u':
			flags |= PROTO_FLAG_FOLLOW | PROTO_FLAG_UNTIL_EXIT;
			break;
		case 't':
			lv.timestamps = true;
			break;
		default:
			psctl_err("logs: unknown option %s", argv[optind - 1]);
			return PSCTL_USAGE;
		}
	}
	lv.follow = (flags & PROTO_FLAG_FOLLOW) != 0;
	proto_begin(&req, MSG_LOGS);
	for (i = optind; i < argc; i++)
		proto_put_str(&req, K_NAME, argv[i]);
	if (lines >= 0)
		proto_put_int(&req, K_LINES, lines);
	if (since >= 0)
		proto_put_int(&req, K_SINCE_MS, since);
	if (flags != 0)
		proto_put_int(&req, K_FLAGS, flags);
	proto_end(&req);
	if ((r = psctl_send(ps, &req)) != PSCTL_OK)
		return r;
	if (ps->json && !lv.follow) {
		json_init(&lv.j, stdout);
		json_begin_obj(&lv.j, NULL);
		json_begin_arr(&lv.j, "lines");
	}
	for (;;) {
		r = psctl_recv(ps, &m, lv.follow);
		if (r != 1)
			return -r;
		if (m.hdr.type == MSG_END)
			break;
		if (m.hdr.type == MSG_BYE) {
			/* psd exited normally: the follow is over, not failed */
			fprintf(stderr, "psctl: logs: psd shut down (exit status"
			    " %lld)\n", (long long)proto_int_or(&m, K_EXIT_CODE,
			    0));
			break;
		}
		if (m.hdr.type == MSG_LOG)
			logs_print(ps, &lv, &m);
	}
	if (ps->json && !lv.follow) {
		json_end_arr(&lv.j);
		json_int(&lv.j, "count", lv.count);
		json_end_obj(&lv.j);
		json_finish(&lv.j);
	}
	return PSCTL_OK;
}
