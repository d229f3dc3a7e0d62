/*
 * psctl_pool.c: the pool verbs: submit, run, map, wait (jobs), result,
 * jobs, cancel, close, join, terminate, and the pools of psctl status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "psctl.h"
#include "status_json.h"
#include "util.h"
#include "xmalloc.h"

#define MAP_WINDOW	64		/* submits in flight */
#define MAP_WINDOW_BYTES (48 * 1024)
#define MAP_NAMES	5		/* failures named in the summary */


/* Write all of buf to fd (stdout/stderr of psctl). */
static void
pool_write(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* The words of a job, joined by spaces (for tables). */
static void
job_command(const struct proto_msg *m, char *buf, size_t len)
{
	const char *a;
	size_t off = 0;
	int i = 0;

	buf[0] = '\0';
	while ((a = proto_next_str(m, K_ARG, &i)) != NULL && off < len)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    off ? " " : "", a);
}

/* The job's exit code as psctl exits with it: 128+N for a signal. */
static int
job_code(const struct proto_msg *m)
{
	int64_t code;

	if (proto_int(m, K_EXIT_CODE, &code) && code >= 0)
		return (int)code;
	if (strcmp(proto_str_or(m, K_STATE, ""), "done") == 0)
		return 0;
	return PSCTL_FAILED;
}

/* "exit 3", "signal 9, timed out", "exec: No such file..." */
static const char *
job_outcome(const struct proto_msg *m, char *buf, size_t len)
{
	const char *why = proto_str(m, K_WHY), *err = proto_str(m, K_JOB_ERROR);
	int64_t code, sig;

	if (err != NULL)
		snprintf(buf, len, "%s", err);
	else if (proto_int(m, K_SIGNAL, &sig))
		snprintf(buf, len, "signal %lld%s%s", (long long)sig,
		    why ? ", " : "", why ? why : "");
	else if (proto_int(m, K_EXIT_CODE, &code))
		snprintf(buf, len, "exit %lld%s%s", (long long)code,
		    why ? ", " : "", why ? why : "");
	else
		snprintf(buf, len, "%s", why ? why : "-");
	return buf;
}

static void
json_job(struct json *j, const struct proto_msg *m)
{
	const char *a;
	int64_t v;
	int i = 0;

	json_begin_obj(j, NULL);
	json_str(j, "id", proto_str_or(m, K_NAME, ""));
	json_str(j, "pool", proto_str_or(m, K_POOL, ""));
	json_str(j, "state", proto_str_or(m, K_STATE, ""));
	json_begin_arr(j, "command");
	while ((a = proto_next_str(m, K_ARG, &i)) != NULL)
		json_str(j, NULL, a);
	json_end_arr(j);
	if (proto_int(m, K_EXIT_CODE, &v))
		json_int(j, "exit_code", v);
	else
		json_null(j, "exit_code");
	if (proto_int(m, K_SIGNAL, &v))
		json_int(j, "signal", v);
	if (proto_str(m, K_WHY) != NULL)
		json_str(j, "why", proto_str(m, K_WHY));
	if (proto_int(m, K_ERRNO, &v)) {
		json_int(j, "errno", v);
		json_str(j, "error", proto_str_or(m, K_JOB_ERROR, ""));
	}
	if (proto_int(m, K_SUBMITTED_MS, &v))
		json_int(j, "submitted_ms", v);
	if (proto_int(m, K_STARTED_MS, &v))
		json_int(j, "started_ms", v);
	if (proto_int(m, K_ENDED_MS, &v))
		json_int(j, "ended_ms", v);
	json_end_obj(j);
}

/*
 * Split "POOL [options] [--] CMD ARGS...": *pool, flags, the command
 * words.  -1 after a usage error.
 */
static int
pool_args(const char *verb, int argc, char **argv, const char **pool,
    int64_t *flags, bool *ordered, char ***cmd, int *ncmd)
{
	int i;

	*pool = NULL;
	*cmd = NULL;
	*ncmd = 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			*cmd = argv + i + 1;
			*ncmd = argc - i - 1;
			break;
		} else if (strcmp(argv[i], "--no-wait") == 0)
			*flags |= PROTO_FLAG_NO_WAIT;
		else if (strcmp(argv[i], "--ordered") == 0 && ordered != NULL)
			*ordered = true;
		else if (argv[i][0] == '-') {
			psctl_err("%s: unknown option %s", verb, argv[i]);
			return -1;
		} else if (*pool == NULL)
			*pool = argv[i];
		else {
			*cmd = argv + i;	/* the command without "--" */
			*ncmd = argc - i;
			break;
		}
	}
	if (*pool == NULL || *ncmd == 0) {
		psctl_err("%s: usage: psctl %s POOL [options] -- CMD [ARGS...]",
		    verb, verb);
		return -1;
	}
	return 0;
}

static void
put_submit(struct proto_buf *b, const char *pool, char **cmd, int ncmd,
    int64_t flags)
{
	int i;

	proto_begin(b, MSG_JOB_SUBMIT);
	proto_put_str(b, K_POOL, pool);
	for (i = 0; i < ncmd; i++)
		proto_put_str(b, K_ARG, cmd[i]);
	if (flags != 0)
		proto_put_int(b, K_FLAGS, flags);
	proto_end(b);
}

int
verb_submit(struct psctl *ps, int argc, char **argv)
{
	struct proto_buf req = { 0 };
	struct proto_msg m;
	const char *pool;
	int64_t flags = 0;
	char **cmd;
	struct json j;
	int ncmd, r;

	if (pool_args("submit", argc, argv, &pool, &flags, NULL, &cmd,
	    &ncmd) < 0)
		return PSCTL_USAGE;
	put_submit(&req, pool, cmd, ncmd, flags);
	if ((r = psctl_send(ps, &req)) != PSCTL_OK)
		return r;
	if ((r = psctl_recv(ps, &m, true)) != 1)
		return -r;
	if (ps->json) {
		json_init(&j, stdout);
		json_job(&j, &m);
		json_finish(&j);
	} else
		printf("%s\n", proto_str_or(&m, K_NAME, "?"));
	return PSCTL_OK;
}

int
verb_run(struct psctl *ps, int argc, char **argv)
{
	struct proto_buf req = { 0 };
	struct proto_msg m;
	const char *pool, *text;
	int64_t flags = PROTO_FLAG_FOLLOW_JOB | PROTO_FLAG_CANCEL_ON_CLOSE;
	char **cmd, out[256];
	struct json j;
	int ncmd, r;

	if (pool_args("run", argc, argv, &pool, &flags, NULL, &cmd, &ncmd) < 0)
		return PSCTL_USAGE;
	put_submit(&req, pool, cmd, ncmd, flags);
	if ((r = psctl_send(ps, &req)) != PSCTL_OK)
		return r;
	while ((r = psctl_recv(ps, &m, true)) == 1) {
		if (m.hdr.type == MSG_JOB_OUTPUT && !ps->json) {
			text = proto_str(&m, K_TEXT);
			if (text != NULL)
				pool_write(proto_int_or(&m, K_STREAM, 1) == 2 ?
				    STDERR_FILENO : STDOUT_FILENO, text,
				    strlen(text));
		} else if (m.hdr.type == MSG_JOB_DONE)
			break;
	}
	if (r != 1)
		return -r;
	if (ps->json) {
		json_init(&j, stdout);
		json_job(&j, &m);
		json_finish(&j);
	}
	if (strcmp(proto_str_or(&m, K_STATE, ""), "done") != 0)
		psctl_err("%s: %s: %s", proto_str_or(&m, K_NAME, "?"),
		    proto_str_or(&m, K_STATE, "?"), job_outcome(&m, out, sizeof out));
	return job_code(&m);
}

/* One item's job in psctl map. */
struct mapjob {
	uint32_t	 id;
	bool		 done;
	int		 code;
	char		*buf[2];
	size_t		 len[2];
};

struct mapstate {
	struct mapjob	*v;
	size_t		 n, cap;	/* items queued (psd replied) */
	size_t		 ndone;
	size_t		 next_print;	/* --ordered */
	bool		 ordered, json;
	uint64_t	 ok, failed;
	char		 names[MAP_NAMES][64];
	int		 nnames;
	int		 first_code;
};

/* ids grow in submission order: binary search. */
static struct mapjob *
map_find(struct mapstate *st, uint32_t id)
{
	size_t lo = 0, hi = st->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (st->v[mid].id == id)
			return &st->v[mid];
		if (st->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Print one job's output as a block: its stdout, then its stderr. */
static void
map_print(struct mapjob *mj)
{
	int s;

	for (s = 0; s < 2; s++) {
		if (mj->len[s] > 0)
			pool_write(s ? STDERR_FILENO : STDOUT_FILENO,
			    mj->buf[s], mj->len[s]);
		free(mj->buf[s]);
		mj->buf[s] = NULL;
	}
}

/* A message while mapping; 1 when it was the reply to a submit. */
static int
map_message(struct mapstate *st, const struct proto_msg *m)
{
	struct mapjob *mj;
	const char *text;
	size_t l;
	int s;

	if (m->hdr.type == MSG_JOB) {
		if (st->n == st->cap) {
			st->cap = st->cap ? st->cap * 2 : 256;
			st->v = xreallocarray(st->v, st->cap, sizeof *st->v);
		}
		memset(&st->v[st->n], 0, sizeof st->v[st->n]);
		st->v[st->n++].id = (uint32_t)proto_int_or(m, K_JOB_ID, 0);
		return 1;
	}
	mj = map_find(st, (uint32_t)proto_int_or(m, K_JOB_ID, 0));
	if (mj == NULL)
		return 0;
	if (m->hdr.type == MSG_JOB_OUTPUT) {
		text = proto_str(m, K_TEXT);
		s = proto_int_or(m, K_STREAM, 1) == 2;
		if (text != NULL && !st->json) {
			l = strlen(text);
			mj->buf[s] = xreallocarray(mj->buf[s], 1,
			    mj->len[s] + l);
			memcpy(mj->buf[s] + mj->len[s], text, l);
			mj->len[s] += l;
		}
		return 0;
	}
	if (m->hdr.type != MSG_JOB_DONE || mj->done)
		return 0;
	mj->done = true;
	st->ndone++;
	mj->code = job_code(m);
	if (strcmp(proto_str_or(m, K_STATE, ""), "done") == 0)
		st->ok++;
	else {
		if (st->failed++ == 0)
			st->first_code = mj->code != 0 ? mj->code :
			    PSCTL_FAILED;
		if (st->nnames < MAP_NAMES)
			snprintf(st->names[st->nnames++], sizeof st->names[0],
			    "%s", proto_str_or(m, K_NAME, "?"));
	}
	if (!st->ordered)
		map_print(mj);
	while (st->ordered && st->next_print < st->n &&
	    st->v[st->next_print].done)
		map_print(&st->v[st->next_print++]);
	return 0;
}

/* The words of one item's job: {} replaced, or the item appended. */
static int
map_words(char **cmd, int ncmd, const char *item, char **out)
{
	const char *s, *hit;
	bool any = false;
	size_t il = strlen(item), extra;
	char *w;
	int i, n = 0;

	for (i = 0; i < ncmd; i++) {
		extra = 0;
		for (hit = strstr(cmd[i], "{}"); hit; hit = strstr(hit + 2,
		    "{}")) {
			extra += il;
			any = true;
		}
		w = xmalloc(strlen(cmd[i]) + extra + 1);
		out[n++] = w;
		for (s = cmd[i]; (hit = strstr(s, "{}")) != NULL; s = hit + 2) {
			memcpy(w, s, (size_t)(hit - s));
			w += hit - s;
			memcpy(w, item, il);
			w += il;
		}
		strcpy(w, s);
	}
	if (!any)
		out[n++] = xstrdup(item);
	out[n] = NULL;
	return n;
}

/* The next item: a line of stdin, or the next word after :::. */
static const char *
map_next_item(char **items, size_t nitems_, size_t *pos, char **line,
    size_t *cap)
{
	ssize_t len;

	if (items != NULL)
		return *pos < nitems_ ? items[(*pos)++] : NULL;
	for (;;) {
		len = getline(line, cap, stdin);
		if (len < 0)
			return NULL;
		if (len > 0 && (*line)[len - 1] == '\n')
			(*line)[--len] = '\0';
		if (len > 0)
			return *line;	/* empty lines are skipped */
	}
}

/* Send one submit on the map's connection. */
static int
map_send(struct psctl *ps, struct proto_buf *req)
{
	char err[512];
	int r;

	if (!ps->connected)
		return psctl_send(ps, req);
	r = client_send(&ps->cl, req, err, sizeof err);
	proto_buf_free(req);
	if (r < 0) {
		psctl_err("%s", err);
		return PSCTL_FAILED;
	}
	return PSCTL_OK;
}

static void
map_summary(struct psctl *ps, const struct mapstate *st)
{
	char names[MAP_NAMES * 66 + 16];
	size_t off = 0;
	struct json j;
	int k;

	names[0] = '\0';
	for (k = 0; k < st->nnames; k++)
		off += (size_t)snprintf(names + off, sizeof names - off,
		    "%s%s", k ? ", " : " (", st->names[k]);
	if (st->nnames > 0)
		snprintf(names + off, sizeof names - off, "%s)",
		    st->failed > (uint64_t)st->nnames ? ", ..." : "");
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_int(&j, "ok", (int64_t)st->ok);
		json_int(&j, "failed", (int64_t)st->failed);
		json_begin_arr(&j, "failed_jobs");
		for (k = 0; k < st->nnames; k++)
			json_str(&j, NULL, st->names[k]);
		json_end_arr(&j);
		json_end_obj(&j);
		json_finish(&j);
	} else
		fprintf(stderr, "map: %llu ok, %llu failed%s\n",
		    (unsigned long long)st->ok,
		    (unsigned long long)st->failed, names);
}

int
verb_map(struct psctl *ps, int argc, char **argv)
{
	struct mapstate st;
	struct proto_buf req = { 0 };
	struct proto_msg m;
	const char *pool, *item;
	int64_t flags = PROTO_FLAG_FOLLOW_JOB | PROTO_FLAG_CANCEL_ON_CLOSE;
	char **cmd, **items = NULL, **words, *line = NULL;
	size_t cap = 0, pos = 0, nitems_ = 0, sent = 0, i;
	size_t inflight[MAP_WINDOW], bytes = 0;
	int ncmd, r = PSCTL_OK, k, n;
	bool eof = false;

	memset(&st, 0, sizeof st);
	st.json = ps->json;
	if (pool_args("map", argc, argv, &pool, &flags, &st.ordered, &cmd,
	    &ncmd) < 0)
		return PSCTL_USAGE;
	for (k = 0; k < ncmd; k++)
		if (strcmp(cmd[k], ":::") == 0) {
			items = cmd + k + 1;
			nitems_ = (size_t)(ncmd - k - 1);
			ncmd = k;
			break;
		}
	if (ncmd == 0) {
		psctl_err("map: no command before :::");
		return PSCTL_USAGE;
	}
	words = xcalloc((size_t)ncmd + 2, sizeof *words);
	for (;;) {
		/* keep up to MAP_WINDOW submits (and bytes) in flight */
		while (!eof && sent - st.n < MAP_WINDOW &&
		    bytes < MAP_WINDOW_BYTES) {
			item = map_next_item(items, nitems_, &pos, &line, &cap);
			if (item == NULL) {
				eof = true;
				break;
			}
			n = map_words(cmd, ncmd, item, words);
			put_submit(&req, pool, words, n, flags);
			for (k = 0; k < n; k++)
				free(words[k]);
			inflight[sent % MAP_WINDOW] = req.len;
			bytes += req.len;
			if ((r = map_send(ps, &req)) != PSCTL_OK)
				goto out;
			memset(&req, 0, sizeof req);
			sent++;
		}
		if (eof && st.n == sent && st.ndone == st.n)
			break;
		if (!ps->connected)
			break;
		if ((r = psctl_recv(ps, &m, true)) != 1) {
			r = -r;
			goto out;
		}
		if (map_message(&st, &m) == 1)
			bytes -= inflight[(st.n - 1) % MAP_WINDOW];
	}
	map_summary(ps, &st);
	r = st.failed > 0 ? st.first_code : PSCTL_OK;
out:
	for (i = 0; i < st.n; i++) {
		free(st.v[i].buf[0]);
		free(st.v[i].buf[1]);
	}
	free(st.v);
	free(words);
	free(line);
	return r;
}

/* psctl wait POOL#ID...: AsyncResult.get for each. */
int
verb_job_wait(struct psctl *ps, int argc, char **argv)
{
	struct proto_buf req = { 0 };
	struct proto_msg m;
	struct json j;
	char out[256];
	int i, r, code = PSCTL_OK;

	proto_begin(&req, MSG_JOB_WAIT);
	for (i = 1; i < argc; i++)
		proto_put_str(&req, K_NAME, argv[i]);
	if (ps->timeout_given)
		proto_put_int(&req, K_TIMEOUT_MS, ps->timeout);
	proto_end(&req);
	if ((r = psctl_send(ps, &req)) != PSCTL_OK)
		return r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_begin_arr(&j, "jobs");
	}
	/* psd keeps the deadline; psctl waits a little longer for it */
	if (ps->timeout_given)
		ps->timeout += 2000;
	while ((r = psctl_recv(ps, &m, true)) == 1 && m.hdr.type == MSG_JOB) {
		if (ps->json)
			json_job(&j, &m);
		else
			printf("%s %s %s\n", proto_str_or(&m, K_NAME, "?"),
			    proto_str_or(&m, K_STATE, "?"), job_outcome(&m, out,
			    sizeof out));
		if (code == PSCTL_OK && strcmp(proto_str_or(&m, K_STATE, ""), "done"))
			code = job_code(&m) != 0 ? job_code(&m) : PSCTL_FAILED;
	}
	if (r != 1)
		return -r;
	if (ps->json) {
		json_end_arr(&j);
		json_end_obj(&j);
		json_finish(&j);
	}
	return code;
}

static const char *
ms_time(int64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	size_t n;

	if (localtime_r(&t, &tm) == NULL ||
	    (n = strftime(buf, len, "%H:%M:%S", &tm)) == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf + n, len - n, ".%03lld", (long long)(ms % 1000));
	return buf;
}

int
verb_result(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	struct json j;
	char cmd[1024], out[256], t1[32], t2[32], d[32];
	const char *text;
	int64_t st, en;
	int r, code;

	if (argc != 2) {
		psctl_err("result: usage: psctl result POOL#ID");
		return PSCTL_USAGE;
	}
	if ((r = psctl_post(ps, MSG_JOB_RESULT, argv + 1, 1, 0)) != PSCTL_OK)
		return r;
	if ((r = psctl_recv(ps, &m, false)) != 1)
		return -r;
	code = strcmp(proto_str_or(&m, K_STATE, ""), "done") == 0 ? PSCTL_OK :
	    PSCTL_FAILED;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_begin_arr(&j, "job");
		json_job(&j, &m);
		json_end_arr(&j);
		json_begin_arr(&j, "output");
	} else {
		job_command(&m, cmd, sizeof cmd);
		printf("job:       %s\nstate:     %s\noutcome:   %s\n"
		    "command:   %s\n", proto_str_or(&m, K_NAME, "?"),
		    proto_str_or(&m, K_STATE, "?"), job_outcome(&m, out, sizeof out),
		    cmd);
		if (proto_int(&m, K_STARTED_MS, &st)) {
			printf("started:   %s\n", ms_time(st, t1, sizeof t1));
			if (proto_int(&m, K_ENDED_MS, &en))
				printf("ended:     %s (%s)\n",
				    ms_time(en, t2, sizeof t2),
				    psctl_duration(en - st, d, sizeof d));
		}
		printf("output:\n");
		fflush(stdout);
	}
	while ((r = psctl_recv(ps, &m, false)) == 1 &&
	    m.hdr.type == MSG_JOB_OUTPUT) {
		text = proto_str_or(&m, K_TEXT, "");
		if (ps->json) {
			json_begin_obj(&j, NULL);
			json_int(&j, "stream", proto_int_or(&m, K_STREAM, 1));
			json_str(&j, "text", text);
			json_end_obj(&j);
		} else
			pool_write(proto_int_or(&m, K_STREAM, 1) == 2 ?
			    STDERR_FILENO : STDOUT_FILENO, text, strlen(text));
	}
	if (r != 1)
		return -r;
	if (ps->json) {
		json_end_arr(&j);
		json_end_obj(&j);
		json_finish(&j);
	}
	return code;
}

int
verb_jobs(struct psctl *ps, int argc, char **argv)
{
	static const char *const head[] = { "JOB", "STATE", "OUTCOME",
	    "COMMAND" };
	struct proto_buf req = { 0 };
	struct proto_msg m;
	struct json j;
	char cmd[512], out[256];
	const char *row[4];
	int r;

	if (argc > 2) {
		psctl_err("jobs: usage: psctl jobs [POOL]");
		return PSCTL_USAGE;
	}
	proto_begin(&req, MSG_JOBS);
	if (argc == 2)
		proto_put_str(&req, K_POOL, argv[1]);
	proto_end(&req);
	if ((r = psctl_send(ps, &req)) != PSCTL_OK)
		return r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_begin_arr(&j, "jobs");
	} else
		psctl_table_add(head, 4);
	while ((r = psctl_recv(ps, &m, false)) == 1 && m.hdr.type == MSG_JOB) {
		if (ps->json) {
			json_job(&j, &m);
			continue;
		}
		job_command(&m, cmd, sizeof cmd);
		row[0] = proto_str_or(&m, K_NAME, "");
		row[1] = proto_str_or(&m, K_STATE, "");
		row[2] = job_outcome(&m, out, sizeof out);
		row[3] = cmd;
		psctl_table_add(row, 4);
	}
	if (r != 1)
		return -r;
	if (ps->json) {
		json_end_arr(&j);
		json_end_obj(&j);
		json_finish(&j);
	} else
		psctl_table_print(ps, -1);
	return PSCTL_OK;
}

int
verb_cancel(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	char out[256];
	int r;

	if (argc < 2) {
		psctl_err("cancel: usage: psctl cancel POOL#ID...");
		return PSCTL_USAGE;
	}
	if ((r = psctl_post(ps, MSG_JOB_CANCEL, argv + 1, argc - 1, 0)) != PSCTL_OK)
		return r;
	while ((r = psctl_recv(ps, &m, false)) == 1 && m.hdr.type == MSG_JOB)
		printf("%s %s %s\n", proto_str_or(&m, K_NAME, "?"),
		    proto_str_or(&m, K_STATE, "?"), job_outcome(&m, out, sizeof out));
	if (r != 1)
		return -r;
	return PSCTL_OK;
}

/* close, join, terminate: one pool, an OK with a message. */
int
verb_pool_ctl(struct psctl *ps, int argc, char **argv)
{
	struct proto_buf req = { 0 };
	struct proto_msg m;
	struct json j;
	uint16_t type;
	int r;

	if (argc != 2) {
		psctl_err("%s: usage: psctl %s POOL", argv[0], argv[0]);
		return PSCTL_USAGE;
	}
	type = strcmp(argv[0], "close") == 0 ? MSG_POOL_CLOSE :
	    strcmp(argv[0], "join") == 0 ? MSG_POOL_JOIN : MSG_POOL_TERMINATE;
	proto_begin(&req, type);
	proto_put_str(&req, K_POOL, argv[1]);
	proto_end(&req);
	if ((r = psctl_send(ps, &req)) != PSCTL_OK)
		return r;
	if ((r = psctl_recv(ps, &m, type == MSG_POOL_JOIN)) != 1)
		return -r;
	if (!ps->json) {
		printf("%s\n", proto_str_or(&m, K_MESSAGE, "ok"));
		return PSCTL_OK;
	}
	json_init(&j, stdout);
	json_begin_obj(&j, NULL);
	json_bool(&j, "ok", true);
	json_str(&j, "message", proto_str_or(&m, K_MESSAGE, ""));
	if (type == MSG_POOL_TERMINATE)
		json_int(&j, "dropped", proto_int_or(&m, K_DROPPED, 0));
	json_end_obj(&j);
	json_finish(&j);
	return PSCTL_OK;
}

/*
 * The pools part of psctl status, on a second connection.  j: add a
 * "pools" array to the document being built; else print a table.
 */
int
psctl_pools_status(struct psctl *ps, struct json *j)
{
	static const char *const head[] = { "POOL", "WORKERS", "QUEUED",
	    "RUNNING", "DONE", "FAILED", "STATE" };
	struct proto_msg m;
	char c[5][24];
	const char *row[7];
	int r, n = 0, k;
	static const uint16_t keys[5] = { K_WORKERS, K_QUEUED, K_RUNNING,
	    K_DONE, K_FAILED };

	client_close(&ps->cl);
	ps->connected = false;
	if ((r = psctl_post(ps, MSG_JOBS, NULL, 0, PROTO_FLAG_POOL_LIST)) != PSCTL_OK)
		return r;
	if (j != NULL)
		json_begin_arr(j, "pools");
	while ((r = psctl_recv(ps, &m, false)) == 1 && m.hdr.type == MSG_POOL) {
		if (j != NULL) {
			status_json_pool(j, &m);
			continue;
		}
		if (n++ == 0) {
			printf("\n");
			psctl_table_add(head, 7);
		}
		for (k = 0; k < 5; k++)
			snprintf(c[k], sizeof c[k], "%lld",
			    (long long)proto_int_or(&m, keys[k], 0));
		row[0] = proto_str_or(&m, K_POOL, "");
		for (k = 0; k < 5; k++)
			row[k + 1] = c[k];
		row[6] = proto_int_or(&m, K_CLOSED, 0) ? "closed" : "open";
		psctl_table_add(row, 7);
	}
	if (r != 1)
		return -r;
	if (j != NULL)
		json_end_arr(j);
	else if (n > 0)
		psctl_table_print(ps, -1);
	return PSCTL_OK;
}
