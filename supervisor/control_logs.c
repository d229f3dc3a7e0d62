/*
 * control_logs.c: the LOGS verb and its followers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "control_targets.h"
#include "control_logs.h"
#include "output.h"
#include "program.h"
#include "util.h"
#include "xmalloc.h"

struct logs_follow {
	bool		 until_exit;
	int		 stream;	/* 1 or 2: that stream only; 0: both */
	uint64_t	 sent;
	uint64_t	 skipped;	/* lines lost since the last notice */
};

/* A line and whose it is (history items, new lines for followers). */
struct logs_line {
	struct program		*p;
	const struct logrec	*rec;
};

/* One MSG_LOG. */
static void
logs_put(struct proto_buf *out, const char *name, int64_t time_ms,
    int stream, const char *text, size_t len)
{
	proto_begin(out, MSG_LOG);
	proto_put_str(out, K_NAME, name);
	proto_put_int(out, K_TIME_MS, time_ms);
	proto_put_int(out, K_STREAM, stream);
	proto_put_strn(out, K_TEXT, text, len);
	proto_end(out);
}

static int
logs_cmp_seq(const void *a, const void *b)
{
	const struct logs_line *x = a, *y = b;

	return (x->rec->seq > y->rec->seq) - (x->rec->seq < y->rec->seq);
}

/*
 * The history: every target's lines since `since` (of one stream, if
 * stream is not 0), the last `lines`.
 */
static int64_t
logs_history(struct conn *c, struct program **v, int n, int64_t lines,
    int64_t since, int stream)
{
	struct logs_line *items = NULL;
	const struct logring *r;
	const struct logrec *rec;
	size_t nitems_ = 0, cap = 0, i, first, bytes = 0;
	char msg[128];
	int k;

	for (k = 0; k < n; k++) {
		r = &v[k]->out.ring;
		for (i = 0; (rec = logring_at(r, i)) != NULL; i++) {
			if (rec->time_ms < since ||
			    (stream != 0 && rec->stream != stream))
				continue;
			if (nitems_ == cap) {
				cap = cap ? cap * 2 : 256;
				items = xreallocarray(items, cap, sizeof *items);
			}
			items[nitems_].p = v[k];
			items[nitems_].rec = rec;
			nitems_++;
		}
	}
	if (nitems_ > 1)
		qsort(items, nitems_, sizeof *items, logs_cmp_seq);
	first = lines >= 0 && (size_t)lines < nitems_ ?
	    nitems_ - (size_t)lines : 0;
	/* Keep the reply bounded: the newest lines win. */
	for (i = nitems_; i > first; i--) {
		bytes += items[i - 1].rec->len + 64;
		if (bytes > LOGS_MAX_HISTORY)
			break;
	}
	if (i > first) {
		snprintf(msg, sizeof msg, "%zu older lines not shown (over %d"
		    " MiB); use -n or --since", i - first,
		    LOGS_MAX_HISTORY / (1024 * 1024));
		logs_put(conn_out(c), "psd", wallclock_ms(), 2, msg,
		    strlen(msg));
		first = i;
	}
	for (i = first; i < nitems_; i++) {
		rec = items[i].rec;
		logs_put(conn_out(c), program_name(items[i].p), rec->time_ms,
		    rec->stream, rec->text, rec->len);
	}
	free(items);
	return (int64_t)(nitems_ - first);
}

/* Has every program a follower waits on ended for good? */
static bool
logs_all_ended(struct program **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (pstate_active(program_state(v[i])) || v[i]->start_pending ||
		    v[i]->restart_pending)
			return false;
	return true;
}

/* After every change of a target: --until-exit ends when all ended. */
static bool
logs_check(struct conn *c)
{
	struct logs_follow *f = conn_data(c);
	struct program **v;
	int n, kind;

	v = conn_targets(c, &n, &kind);
	if (f != NULL && n == 0) {
		/* a reload removed every program it followed */
		static const char gone[] = "the programs followed are gone"
		    " (removed by a reload)";

		logs_put(conn_out(c), "psd", wallclock_ms(), 2, gone,
		    sizeof gone - 1);
		conn_end(c, (int64_t)f->sent);
		conn_finish(c);
		return true;
	}
	if (f == NULL || !f->until_exit || !logs_all_ended(v, n))
		return false;
	conn_end(c, (int64_t)f->sent);
	conn_finish(c);
	return true;
}

void
control_logs_request(struct conn *c, const struct proto_msg *m)
{
	int64_t flags = proto_int_or(m, K_FLAGS, 0), sent;
	int64_t stream = proto_int_or(m, K_STREAM, 0);
	struct logs_follow *f;
	struct program **v;
	int n;

	if (stream < 0 || stream > 2) {
		conn_error(c, PROTO_E_BAD_REQUEST, NULL, "stream must be 1"
		    " (stdout) or 2 (stderr)");
		return;
	}
	if (control_targets(c, m, true, &v, &n) < 0)
		return;
	sent = logs_history(c, v, n, proto_int_or(m, K_LINES, -1),
	    proto_int_or(m, K_SINCE_MS, 0), (int)stream);
	if (!(flags & PROTO_FLAG_FOLLOW)) {
		conn_end(c, sent);
		free(v);
		return;
	}
	f = xcalloc(1, sizeof *f);
	f->until_exit = (flags & PROTO_FLAG_UNTIL_EXIT) != 0;
	f->stream = (int)stream;
	f->sent = (uint64_t)sent;
	conn_set_data(c, f);
	conn_pend(c, v, n, PEND_FOLLOW, logs_check);
	if (logs_check(c))
		conn_pend(c, NULL, 0, 0, NULL);
}

/* Send one new line to a follower that waits on its program. */
static void
logs_deliver(struct conn *c, void *arg)
{
	const struct logs_line *l = arg;
	struct logs_follow *f = conn_data(c);
	char msg[128];

	if (f == NULL || !conn_waits_on(c, l->p) ||
	    (f->stream != 0 && l->rec->stream != f->stream))
		return;
	if (conn_out_pending(c) > LOGS_MAX_BACKLOG) {
		f->skipped++;
		return;
	}
	if (f->skipped > 0) {
		snprintf(msg, sizeof msg, "%llu lines skipped: this psctl did"
		    " not keep up", (unsigned long long)f->skipped);
		logs_put(conn_out(c), "psd", wallclock_ms(), 2, msg,
		    strlen(msg));
		f->skipped = 0;
	}
	logs_put(conn_out(c), program_name(l->p), l->rec->time_ms,
	    l->rec->stream, l->rec->text, l->rec->len);
	f->sent++;
	conn_kick(c);
}

/* A line was read from a program's output: to the followers. */
static void
control_logs_line(const struct output_line *ol)
{
	struct logs_line l = { ol->p, ol->rec };

	conn_foreach_pending(PEND_FOLLOW, logs_deliver, &l);
}

void
control_logs_init(void)
{
	output_on_line(control_logs_line);
}
