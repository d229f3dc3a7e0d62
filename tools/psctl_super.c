/*
 * psctl_super.c: supervisorctl's habits, on psd's native requests.
 *
 *	tail [-f] [-N] NAME [stdout|stderr]	logs of one stream, bare text
 *	avail					every program, "in use"
 *	reread					what reload would change
 *	pid [NAME...|all]			psd's pid, or programs' pids
 *
 * ("update" is reload and "clear" has its own request: psctl.c's table.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "psctl.h"
#include "util.h"

#define TAIL_DEFAULT_LINES	20

/*
 * tail [-f] [-N] NAME [stdout|stderr]: the last N lines (default 20) of
 * NAME's stdout (or stderr), without the name in front, as supervisorctl
 * prints a log file; -f keeps printing new lines.
 */
int
verb_tail(struct psctl *ps, int argc, char **argv)
{
	struct proto_buf req = { 0 };
	struct proto_msg m;
	const char *name = NULL, *text;
	long lines = TAIL_DEFAULT_LINES;
	int64_t stream = 1;
	bool follow = false;
	int i, r, words = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-f") == 0)
			follow = true;
		else if (argv[i][0] == '-' && parse_long(argv[i] + 1, 0,
		    1000000, &lines) == 0)
			;
		else if (argv[i][0] == '-') {
			psctl_err("tail: unknown option %s; usage: psctl tail"
			    " [-f] [-N] NAME [stdout|stderr]", argv[i]);
			return PSCTL_USAGE;
		} else if (words == 0) {
			name = argv[i];
			words++;
		} else if (words == 1 && (strcmp(argv[i], "stdout") == 0 ||
		    strcmp(argv[i], "stderr") == 0)) {
			stream = argv[i][3] == 'e' ? 2 : 1;
			words++;
		} else {
			psctl_err("tail: unexpected argument \"%s\"; usage:"
			    " psctl tail [-f] [-N] NAME [stdout|stderr]",
			    argv[i]);
			return PSCTL_USAGE;
		}
	}
	if (name == NULL) {
		psctl_err("tail: name a program; usage: psctl tail [-f] [-N]"
		    " NAME [stdout|stderr]");
		return PSCTL_USAGE;
	}
	proto_begin(&req, MSG_LOGS);
	proto_put_str(&req, K_NAME, name);
	proto_put_int(&req, K_LINES, lines);
	proto_put_int(&req, K_STREAM, stream);
	if (follow)
		proto_put_int(&req, K_FLAGS, PROTO_FLAG_FOLLOW);
	proto_end(&req);
	if ((r = psctl_send(ps, &req)) != PSCTL_OK)
		return r;
	for (;;) {
		if ((r = psctl_recv(ps, &m, follow)) != 1)
			return -r;
		if (m.hdr.type == MSG_END)
			break;
		/* psd's own notices ("lines skipped") are not NAME's */
		if (m.hdr.type != MSG_LOG ||
		    proto_int_or(&m, K_STREAM, 1) != stream ||
		    (text = proto_str(&m, K_NAME)) == NULL ||
		    strcmp(text, "psd") == 0)
			continue;
		text = proto_str(&m, K_TEXT);
		printf("%s\n", text != NULL ? text : "");
		if (follow)
			fflush(stdout);
	}
	return PSCTL_OK;
}

/* avail: every program with "in use" and auto/manual, then what a reload
 * would add as "avail" (supervisorctl's meaning). */
int
verb_avail(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	const char *s;
	int r, i = 0;

	(void)argc;
	(void)argv;
	if (ps->json) {
		psctl_err("avail: no --json form; use psctl --json status");
		return PSCTL_USAGE;
	}
	if ((r = psctl_post(ps, MSG_STATUS, NULL, 0, 0)) != PSCTL_OK)
		return r;
	while ((r = psctl_recv(ps, &m, false)) == 1 &&
	    m.hdr.type == MSG_PROGRAM) {
		s = proto_str(&m, K_NAME);
		printf("%-32s %-8s %s\n", s != NULL ? s : "", "in use",
		    proto_int_or(&m, K_AUTOSTART, 1) ? "auto" : "manual");
	}
	if (r != 1)
		return -r;
	client_close(&ps->cl);
	ps->connected = false;
	if (psctl_ask(ps, MSG_RELOAD_CHECK, NULL, 0, 0, &m) == PSCTL_OK &&
	    m.hdr.type == MSG_RELOAD_REPLY)
		while ((s = proto_next_str(&m, K_ADDED, &i)) != NULL)
			printf("%-32s %-8s %s\n", s, "avail", "-");
	return PSCTL_OK;
}

/* One list of a reread reply, in supervisorctl's words. */
static int
reread_list(const struct proto_msg *m, uint16_t key, const char *word,
    struct json *j, bool json)
{
	const char *s;
	int i = 0, n = 0;

	while ((s = proto_next_str(m, key, &i)) != NULL) {
		if (json) {
			json_begin_obj(j, NULL);
			json_str(j, "name", s);
			json_str(j, "change", word);
			json_end_obj(j);
		} else
			printf("%s: %s\n", s, word);
		n++;
	}
	return n;
}

/* reread: what a reload would do ("available", "changed", "disappeared"),
 * doing nothing. */
int
verb_reread(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	struct json j;
	int r, n = 0;

	(void)argc;
	(void)argv;
	if ((r = psctl_ask(ps, MSG_RELOAD_CHECK, NULL, 0, 0, &m)) != PSCTL_OK)
		return r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_begin_arr(&j, "changes");
	}
	n += reread_list(&m, K_ADDED, "available", &j, ps->json);
	n += reread_list(&m, K_CHANGED, "changed", &j, ps->json);
	n += reread_list(&m, K_UPDATED, "changed", &j, ps->json);
	n += reread_list(&m, K_REMOVED, "disappeared", &j, ps->json);
	if (ps->json) {
		json_end_arr(&j);
		json_end_obj(&j);
		json_finish(&j);
	} else if (n == 0)
		printf("No config updates to processes\n");
	return PSCTL_OK;
}

/* pid: psd's pid; pid NAME... or all: each program's pid (0: none). */
int
verb_pid(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	struct json j;
	int r;

	if (argc == 1) {
		if ((r = psctl_ask(ps, MSG_GET_VERSION, NULL, 0, 0, &m)) != PSCTL_OK)
			return r;
		if (ps->json) {
			json_init(&j, stdout);
			json_begin_obj(&j, NULL);
			json_int(&j, "pid", proto_int_or(&m, K_PSD_PID, 0));
			json_end_obj(&j);
			json_finish(&j);
		} else
			printf("%lld\n", (long long)proto_int_or(&m, K_PSD_PID,
			    0));
		return PSCTL_OK;
	}
	if ((r = psctl_post(ps, MSG_STATUS, argv + 1, argc - 1, 0)) != PSCTL_OK)
		return r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_begin_obj(&j, "pids");
	}
	while ((r = psctl_recv(ps, &m, false)) == 1 &&
	    m.hdr.type == MSG_PROGRAM) {
		if (ps->json)
			json_int(&j, proto_str(&m, K_NAME),
			    proto_int_or(&m, K_PID, 0));
		else
			printf("%lld\n", (long long)proto_int_or(&m, K_PID, 0));
	}
	if (r != 1)
		return -r;
	if (ps->json) {
		json_end_obj(&j);
		json_end_obj(&j);
		json_finish(&j);
	}
	return PSCTL_OK;
}
