/*
 * http_psd.c: psd-http's questions to psd, through psctl's client code.
 *
 * Every question is one connection, one read-only request and its reply,
 * bounded by the configured timeout, exactly as psctl asks.
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "json.h"
#include "psctl_client.h"
#include "status_json.h"
#include "util.h"
#include "xmalloc.h"

const uint16_t hstat_keys[HSTAT_MAX] = {
	K_PSD_PID, K_UPTIME_MS, K_PROGRAMS, K_RUNNING, K_REAPED, K_ORPHANS,
	K_ORPHANS_ATTRIBUTED, K_ZOMBIES, K_SPAWNS, K_RESTARTS, K_HOOKS,
	K_CONNECTIONS, K_WAKEUPS, K_OUTPUT_LINES, K_OUTPUT_BUFFERED,
	K_SPAWN_FAILURES, K_CONTROL_REQUESTS, K_OUTPUT_BYTES,
	K_OUTPUT_DROPPED_LINES, K_OUTPUT_DROPPED_BYTES,
};

int
hstat_index(uint16_t key)
{
	int i;

	for (i = 0; i < HSTAT_MAX; i++)
		if (hstat_keys[i] == key)
			return i;
	return -1;
}

/* Is a reply of this type one of a list that END closes? */
static bool
hpsd_list_item(uint16_t type)
{
	return type == MSG_PROGRAM || type == MSG_STATS_REPLY ||
	    type == MSG_SOCKET || type == MSG_CONN || type == MSG_POOL;
}

/* Called for each reply message; returns HPSD_OK to go on. */
typedef int (*hpsd_reply_fn)(const struct proto_msg *m, void *arg);

/*
 * Ask psd one question (type, optional name) and hand each reply to fn
 * until END or a single non-list reply.  An ERROR no-such-program gives
 * HPSD_NO_PROGRAM, anything else that goes wrong HPSD_DOWN with err set.
 */
static int
hpsd_ask(const struct hconf *hc, uint16_t type, const char *name,
    int64_t flags, hpsd_reply_fn fn, void *arg, char *err, size_t errlen)
{
	struct proto_buf req = { 0 };
	struct client cl;
	struct proto_msg m;
	const char *code, *msg;
	int64_t deadline = clock_ms() + hc->timeout;
	int r, ret = HPSD_OK;

	if (client_connect(&cl, hc->socket, hc->timeout, err, errlen) < 0)
		return HPSD_DOWN;
	proto_begin(&req, type);
	if (name != NULL)
		proto_put_str(&req, K_NAME, name);
	if (flags != 0)
		proto_put_int(&req, K_FLAGS, flags);
	proto_end(&req);
	if (client_send(&cl, &req, err, errlen) < 0) {
		proto_buf_free(&req);
		client_close(&cl);
		return HPSD_DOWN;
	}
	proto_buf_free(&req);
	for (;;) {
		r = client_recv(&cl, &m, deadline, err, errlen);
		if (r == 0) {
			snprintf(err, errlen, "psd closed the connection");
			ret = HPSD_DOWN;
			break;
		}
		if (r < 0) {
			ret = HPSD_DOWN;
			break;
		}
		if (m.hdr.type == MSG_END)
			break;
		if (m.hdr.type == MSG_VERSION || m.hdr.type == MSG_ERROR) {
			code = m.hdr.type == MSG_ERROR ? proto_str(&m, K_ERROR) :
			    NULL;
			msg = proto_str(&m, K_MESSAGE);
			snprintf(err, errlen, "%s", m.hdr.type == MSG_VERSION ?
			    "psd speaks another protocol version" : msg != NULL ?
			    msg : "psd reported an error");
			ret = code != NULL && strcmp(code, PROTO_E_NO_PROGRAM) ==
			    0 ? HPSD_NO_PROGRAM : HPSD_DOWN;
			break;
		}
		if ((ret = fn(&m, arg)) != HPSD_OK)
			break;
		if (!hpsd_list_item(m.hdr.type))
			break;		/* a single reply: done */
	}
	client_close(&cl);
	return ret;
}

/* A reply that needs nothing from the message. */
static int
hpsd_any(const struct proto_msg *m, void *arg)
{
	(void)m;
	(void)arg;
	return HPSD_OK;
}

int
hpsd_ping(const struct hconf *hc, char *err, size_t errlen)
{
	return hpsd_ask(hc, MSG_PING, NULL, 0, hpsd_any, NULL, err, errlen);
}

struct ready_arg {
	bool	*ready;
	char	*why;
	size_t	 len;
};

static int
hpsd_ready_reply(const struct proto_msg *m, void *arg)
{
	struct ready_arg *a = arg;
	const char *msg = proto_str(m, K_MESSAGE);

	*a->ready = proto_int_or(m, K_READY, 0) != 0;
	snprintf(a->why, a->len, "%s", msg != NULL ? msg : "");
	return HPSD_OK;
}

int
hpsd_ready(const struct hconf *hc, bool *ready, char *why, size_t len)
{
	struct ready_arg a = { ready, why, len };

	*ready = false;
	return hpsd_ask(hc, MSG_READY, NULL, 0, hpsd_ready_reply, &a, why, len);
}

struct status_arg {
	struct hprog	*v;
	size_t		 n;
};

static int
hpsd_status_reply(const struct proto_msg *m, void *arg)
{
	struct status_arg *a = arg;
	struct progstatus s;
	struct hprog *p;

	if (m->hdr.type != MSG_PROGRAM)
		return HPSD_OK;
	a->v = xreallocarray(a->v, a->n + 1, sizeof *a->v);
	p = &a->v[a->n++];
	memset(p, 0, sizeof *p);
	progstatus_unpack(m, &s);
	p->name = xstrdup(s.name);
	p->state = xstrdup(s.state_name);
	p->st = s.state;
	p->last_exit = xstrdup(s.last_exit);
	p->ready_kind = xstrdup(s.ready_kind);
	p->reason = s.reason != NULL ? xstrdup(s.reason) : NULL;
	p->pid = s.pid;
	p->uptime_ms = s.uptime_ms;
	p->restarts = s.restarts;
	p->exit_code = s.exit_code;
	p->orphans = s.orphans;
	p->has_exited = s.has_exited;
	p->daemon = s.daemon;
	return HPSD_OK;
}

void
hpsd_progs_free(struct hprog *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].state);
		free(v[i].last_exit);
		free(v[i].ready_kind);
		free(v[i].reason);
	}
	free(v);
}

int
hpsd_status(const struct hconf *hc, const char *name, struct hprog **v,
    size_t *n, char *err, size_t errlen)
{
	struct status_arg a = { NULL, 0 };
	int r;

	r = hpsd_ask(hc, MSG_STATUS, name, 0, hpsd_status_reply, &a, err, errlen);
	if (r != HPSD_OK) {
		hpsd_progs_free(a.v, a.n);
		a.v = NULL;
		a.n = 0;
	}
	*v = a.v;
	*n = a.n;
	return r;
}

static int
hpsd_stats_reply(const struct proto_msg *m, void *arg)
{
	struct hstats *st = arg;
	int i;

	if (m->hdr.type != MSG_STATS_REPLY)
		return HPSD_OK;		/* the per-program orphan list */
	for (i = 0; i < HSTAT_MAX && hstat_keys[i] != 0; i++)
		st->have[i] = proto_int(m, hstat_keys[i], &st->val[i]);
	/* STATS_REPLY is followed by a PROGRAM list: keep reading. */
	return HPSD_OK;
}

int
hpsd_stats(const struct hconf *hc, struct hstats *st,
    const struct hsnap *snap, char *err, size_t errlen)
{
	int r, iz = hstat_index(K_ZOMBIES), ip = hstat_index(K_PSD_PID);
	int64_t z;

	/*
	 * psd counts zombies by reading all of /proc: do that here, on
	 * psd-http's time, when psd is in sight (same PID namespace).
	 */
	memset(st, 0, sizeof *st);
	r = hpsd_ask(hc, MSG_STATS, NULL, snap != NULL ?
	    PROTO_FLAG_NO_ZOMBIES : 0, hpsd_stats_reply, st, err, errlen);
	if (r != HPSD_OK || st->have[iz])
		return r;
	if (st->have[ip] && (z = hproc_zombies(snap, st->val[ip])) >= 0) {
		st->val[iz] = z;
		st->have[iz] = true;
		return HPSD_OK;
	}
	memset(st, 0, sizeof *st);
	return hpsd_ask(hc, MSG_STATS, NULL, 0, hpsd_stats_reply, st, err,
	    errlen);
}

static int
hpsd_json_reply(const struct proto_msg *m, void *arg)
{
	struct progstatus s;

	if (m->hdr.type == MSG_PROGRAM) {
		progstatus_unpack(m, &s);
		status_json_program(arg, &s);
	} else if (m->hdr.type == MSG_POOL)
		status_json_pool(arg, m);
	return HPSD_OK;
}

int
hpsd_status_json(const struct hconf *hc, FILE *out, char *err,
    size_t errlen)
{
	struct json j;
	int r;

	json_init(&j, out);
	json_begin_obj(&j, NULL);
	/* as psctl --json status: "programs", then "pools" */
	json_begin_arr(&j, "programs");
	r = hpsd_ask(hc, MSG_STATUS, NULL, 0, hpsd_json_reply, &j, err, errlen);
	if (r == HPSD_OK) {
		json_end_arr(&j);
		json_begin_arr(&j, "pools");
		r = hpsd_ask(hc, MSG_JOBS, NULL, PROTO_FLAG_POOL_LIST,
		    hpsd_json_reply, &j, err, errlen);
	}
	if (r != HPSD_OK) {
		json_discard();
		return r;
	}
	json_end_arr(&j);
	json_end_obj(&j);
	json_finish(&j);
	return HPSD_OK;
}

bool
hpsd_prog_ready(const struct hprog *p, char *why, size_t len)
{
	if (p->st == PS_READY ||
	    (p->st == PS_RUNNING && strcmp(p->ready_kind, "none") == 0) ||
	    (p->st == PS_EXITED && p->has_exited &&
	    p->exit_code == 0))
		return true;
	if (p->reason != NULL)
		snprintf(why, len, "%s is %s: %s", p->name, p->state,
		    p->reason);
	else
		snprintf(why, len, "%s is %s", p->name, p->state);
	return false;
}

struct rows_arg {
	const struct hlist	*list;
	struct hrows		*out;
};

static int
hpsd_rows_reply(const struct proto_msg *m, void *arg)
{
	struct rows_arg *a = arg;
	const struct hlist *l = a->list;
	struct hrow *row;
	const char *v;
	int i;

	if (m->hdr.type != l->reply)
		return HPSD_OK;		/* e.g. a socket's connections */
	a->out->v = xreallocarray(a->out->v, a->out->n + 1,
	    sizeof *a->out->v);
	row = &a->out->v[a->out->n++];
	memset(row, 0, sizeof *row);
	for (i = 0; i < HROW_LABELS; i++)
		if (l->label_key[i] != 0) {
			v = proto_str(m, l->label_key[i]);
			row->label[i] = xstrdup(v != NULL ? v : "");
		}
	for (i = 0; i < HROW_INTS; i++)
		if (l->int_key[i] != 0)
			row->have[i] = proto_int(m, l->int_key[i],
			    &row->val[i]);
	return HPSD_OK;
}

int
hpsd_rows(const struct hconf *hc, const struct hlist *list,
    struct hrows *out, char *err, size_t errlen)
{
	struct rows_arg a = { list, out };
	int r;

	out->v = NULL;
	out->n = 0;
	r = hpsd_ask(hc, list->req, NULL, list->flags, hpsd_rows_reply, &a,
	    err, errlen);
	if (r != HPSD_OK)
		hpsd_rows_free(out);
	return r;
}

void
hpsd_rows_free(struct hrows *rows)
{
	size_t i;
	int k;

	for (i = 0; i < rows->n; i++)
		for (k = 0; k < HROW_LABELS; k++)
			free(rows->v[i].label[k]);
	free(rows->v);
	rows->v = NULL;
	rows->n = 0;
}
