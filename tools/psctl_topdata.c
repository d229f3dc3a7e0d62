/*
 * psctl_topdata.c: what psctl top shows, fetched and laid out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "psctl.h"
#include "psctl_top.h"
#include "util.h"
#include "xmalloc.h"

#define TOP_REPLY_MS	5000


static void
top_clear(struct top_data *d)
{
	int i;

	for (i = 0; i < d->nprogs; i++) {
		free(d->progs[i].name);
		free(d->progs[i].state);
		free(d->progs[i].last_exit);
		free(d->progs[i].ready_kind);
	}
	for (i = 0; i < d->nprocs; i++) {
		free(d->procs[i].program);
		free(d->procs[i].command);
	}
	for (i = 0; i < d->npools; i++)
		free(d->pools[i].name);
	free(d->progs);
	free(d->procs);
	free(d->pools);
	d->progs = NULL;
	d->procs = NULL;
	d->pools = NULL;
	d->nprogs = d->nprocs = d->npools = 0;
}

void
top_data_free(struct top_data *d)
{
	int i;

	top_clear(d);
	free(d->ticks);
	for (i = 0; i < TOP_EVENTS_KEPT; i++)
		free(d->events[i]);
	for (i = 0; i < d->nexpanded; i++)
		free(d->expanded[i]);
	memset(d, 0, sizeof *d);
}

void
top_add_event(struct top_data *d, const char *line)
{
	int i = (d->events_head + d->nevents) % TOP_EVENTS_KEPT;

	if (d->nevents == TOP_EVENTS_KEPT) {
		i = d->events_head;
		d->events_head = (d->events_head + 1) % TOP_EVENTS_KEPT;
	} else
		d->nevents++;
	free(d->events[i]);
	d->events[i] = xstrdup(line);
}

static bool
top_is_expanded(const struct top_data *d, const char *name)
{
	int i;

	for (i = 0; i < d->nexpanded; i++)
		if (strcmp(d->expanded[i], name) == 0)
			return true;
	return false;
}

void
top_toggle(struct top_data *d, const char *name)
{
	int i;

	for (i = 0; i < d->nexpanded; i++)
		if (strcmp(d->expanded[i], name) == 0) {
			free(d->expanded[i]);
			d->expanded[i] = d->expanded[--d->nexpanded];
			return;
		}
	if (d->nexpanded < (int)nitems(d->expanded))
		d->expanded[d->nexpanded++] = xstrdup(name);
}

/* One request, and its replies up to MSG_END (or the one reply). */
static int
top_ask(struct client *c, uint16_t type, int64_t flags,
    int (*each)(struct top_data *, const struct proto_msg *),
    struct top_data *d, char *err, size_t errlen)
{
	struct proto_buf req = { 0 };
	struct proto_msg m;
	int r;

	proto_begin(&req, type);
	if (flags != 0)
		proto_put_int(&req, K_FLAGS, flags);
	proto_end(&req);
	r = client_send(c, &req, err, errlen);
	proto_buf_free(&req);
	if (r < 0)
		return -1;
	for (;;) {
		r = client_recv(c, &m, clock_ms() + TOP_REPLY_MS, err, errlen);
		if (r == 0)
			snprintf(err, errlen, "psd closed the connection");
		if (r != 1)
			return -1;
		if (m.hdr.type == MSG_ERROR) {
			snprintf(err, errlen, "psd: %s", proto_str_or(&m, K_MESSAGE, ""));
			return -1;
		}
		if (m.hdr.type == MSG_END)
			return 0;
		if (each(d, &m) != 0)
			return 0;	/* a reply that is not a list */
	}
}

static int
top_one_program(struct top_data *d, const struct proto_msg *m)
{
	struct top_prog *p;

	if (m->hdr.type != MSG_PROGRAM)
		return 0;
	d->progs = xreallocarray(d->progs, (size_t)d->nprogs + 1,
	    sizeof *d->progs);
	p = &d->progs[d->nprogs++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(proto_str_or(m, K_NAME, ""));
	p->state = xstrdup(proto_str_or(m, K_STATE, ""));
	p->last_exit = xstrdup(proto_str_or(m, K_LAST_EXIT, ""));
	p->ready_kind = xstrdup(proto_str_or(m, K_READY_KIND, ""));
	p->pid = proto_int_or(m, K_PID, 0);
	p->uptime_ms = proto_int_or(m, K_UPTIME_MS, 0);
	p->restarts = proto_int_or(m, K_RESTARTS, 0);
	p->orphans = proto_int_or(m, K_ORPHANS_OF, 0);
	p->cpu = -1;
	p->expanded = top_is_expanded(d, p->name);
	return 0;
}

/* STATS: one STATS_REPLY, then PROGRAM entries (orphans by program). */
static int
top_one_stat(struct top_data *d, const struct proto_msg *m)
{
	if (m->hdr.type != MSG_STATS_REPLY)
		return 0;
	d->psd_pid = proto_int_or(m, K_PSD_PID, 0);
	d->uptime_ms = proto_int_or(m, K_UPTIME_MS, 0);
	d->reaped = proto_int_or(m, K_REAPED, 0);
	d->orphans = proto_int_or(m, K_ORPHANS, 0);
	d->attributed = proto_int_or(m, K_ORPHANS_ATTRIBUTED, 0);
	d->restarts = proto_int_or(m, K_RESTARTS, 0);
	snprintf(d->attribution, sizeof d->attribution, "%s",
	    proto_str_or(m, K_ATTRIBUTION, ""));
	return 0;
}

static int
top_one_proc(struct top_data *d, const struct proto_msg *m)
{
	struct top_proc *p;
	const char *st;

	if (m->hdr.type != MSG_PROC)
		return 0;
	d->procs = xreallocarray(d->procs, (size_t)d->nprocs + 1,
	    sizeof *d->procs);
	p = &d->procs[d->nprocs++];
	p->pid = proto_int_or(m, K_PID, 0);
	p->ppid = proto_int_or(m, K_PPID, 0);
	p->depth = proto_int_or(m, K_DEPTH, 0);
	st = proto_str_or(m, K_PROC_STATE, "");
	p->state = st[0] != '\0' ? st[0] : '?';
	p->program = xstrdup(proto_str_or(m, K_PROGRAM, ""));
	p->command = xstrdup(proto_str_or(m, K_COMMAND, ""));
	return 0;
}

/* JOBS with POOL_LIST: one POOL per pool. */
static int
top_one_pool(struct top_data *d, const struct proto_msg *m)
{
	struct top_pool *p;

	if (m->hdr.type != MSG_POOL)
		return 0;
	d->pools = xreallocarray(d->pools, (size_t)d->npools + 1,
	    sizeof *d->pools);
	p = &d->pools[d->npools++];
	p->name = xstrdup(proto_str_or(m, K_POOL, ""));
	p->workers = proto_int_or(m, K_WORKERS, 0);
	p->running = proto_int_or(m, K_RUNNING, 0);
	p->queued = proto_int_or(m, K_QUEUED, 0);
	p->done = proto_int_or(m, K_DONE, 0);
	p->failed = proto_int_or(m, K_FAILED, 0);
	p->closed = proto_int_or(m, K_CLOSED, 0) != 0;
	return 0;
}

/* utime+stime (ticks) and RSS (kB) of a process from /proc. */
static int
top_proc_usage(int64_t pid, uint64_t *ticks, int64_t *rss_kb)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	long long rss;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%lld/stat", (long long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	/* after ") ": state(3) ... utime(14) stime(15) ... rss(24) */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu"
	    " %llu %*d %*d %*d %*d %*d %*d %*u %*u %lld", &ut, &st, &rss) != 3)
		return -1;
	*ticks = ut + st;
	*rss_kb = rss * (sysconf(_SC_PAGESIZE) / 1024);
	return 0;
}

static uint64_t
top_prev_ticks(const struct top_data *d, int64_t pid, bool *found)
{
	int i;

	for (i = 0; i < d->nticks; i++)
		if (d->ticks[i].pid == pid) {
			*found = true;
			return d->ticks[i].ticks;
		}
	*found = false;
	return 0;
}

/* CPU % and RSS of each program: the sum over its processes. */
static void
top_sample(struct top_data *d, int64_t now, int64_t elapsed)
{
	struct top_tick *nt;
	struct top_prog *p;
	struct top_proc *q;
	uint64_t t, prev, used;
	int64_t rss;
	double hz = (double)sysconf(_SC_CLK_TCK);
	bool found, any;
	int i, k, n = 0;

	(void)now;
	nt = xreallocarray(NULL, (size_t)d->nprocs + 1, sizeof *nt);
	for (k = 0; k < d->nprogs; k++) {
		p = &d->progs[k];
		used = 0;
		any = false;
		p->rss_kb = 0;
		for (i = 0; i < d->nprocs; i++) {
			q = &d->procs[i];
			if (q->depth == 0 || strcmp(q->program, p->name) != 0)
				continue;
			if (q->state == 'Z') {
				p->zombies++;
				continue;
			}
			if (top_proc_usage(q->pid, &t, &rss) < 0)
				continue;
			p->rss_kb += rss;
			nt[n].pid = q->pid;
			nt[n++].ticks = t;
			prev = top_prev_ticks(d, q->pid, &found);
			if (found && t >= prev) {
				used += t - prev;
				any = true;
			}
		}
		if (any && elapsed > 0)
			p->cpu = 100.0 * (double)used / hz /
			    ((double)elapsed / 1000.0);
	}
	free(d->ticks);
	d->ticks = nt;
	d->nticks = n;
}

int
top_fetch(struct top_data *d, struct client *c, char *err, size_t errlen)
{
	int64_t now = clock_ms(), elapsed = d->last_ms ? now - d->last_ms : 0;
	int i;

	top_clear(d);
	if (top_ask(c, MSG_STATUS, 0, top_one_program, d, err, errlen) < 0 ||
	    top_ask(c, MSG_STATS, PROTO_FLAG_NO_ZOMBIES, top_one_stat, d, err,
	    errlen) < 0 ||
	    top_ask(c, MSG_TREE, 0, top_one_proc, d, err, errlen) < 0 ||
	    top_ask(c, MSG_JOBS, PROTO_FLAG_POOL_LIST, top_one_pool, d, err,
	    errlen) < 0)
		return -1;
	d->zombies = 0;
	d->processes = 0;
	for (i = 0; i < d->nprocs; i++) {
		if (d->procs[i].depth == 0)
			continue;
		d->processes++;
		d->zombies += d->procs[i].state == 'Z';
	}
	if (elapsed > 0 && d->reaped >= d->last_reaped)
		d->reaped_per_s = (double)(d->reaped - d->last_reaped) * 1000.0 /
		    (double)elapsed;
	top_sample(d, now, elapsed);
	d->last_ms = now;
	d->last_reaped = d->reaped;
	return 0;
}

int
top_visible(const struct top_data *d, const struct top_view *v, int *idx,
    int max)
{
	int i, n = 0;

	for (i = 0; i < d->nprogs && n < max; i++)
		if (v->filter[0] == '\0' ||
		    strstr(d->progs[i].name, v->filter) != NULL)
			idx[n++] = i;
	return n;
}

/* Add a line to the frame, if there is room. */
static struct top_line *
top_line(struct top_line *f, int *n, int rows, enum top_attr a,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static struct top_line *
top_line(struct top_line *f, int *n, int rows, enum top_attr a,
    const char *fmt, ...)
{
	struct top_line *l;
	va_list ap;

	if (*n >= rows)
		return NULL;
	l = &f[(*n)++];
	memset(l, 0, sizeof *l);
	l->attr = a;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof l->text, fmt, ap);
	va_end(ap);
	return l;
}

static enum top_attr
top_state_attr(const char *s)
{
	/* LISTENING: psd holds its sockets, it starts at a connection */
	if (strcmp(s, "RUNNING") == 0 || strcmp(s, "READY") == 0 ||
	    strcmp(s, "LISTENING") == 0)
		return TA_GOOD;
	if (strcmp(s, "FATAL") == 0)
		return TA_BAD;
	if (strcmp(s, "EXITED") == 0 || strcmp(s, "STOPPED") == 0)
		return TA_DIM;
	return TA_WARN;
}

static const char *
top_ready(const struct top_prog *p)
{
	if (strcmp(p->ready_kind, "none") == 0 || p->ready_kind[0] == '\0')
		return "-";
	return strcmp(p->state, "READY") == 0 ? "yes" : "no";
}

/* A program's processes (expanded), or only its zombies. */
static void
top_tree_rows(const struct top_data *d, const struct top_view *v,
    const struct top_prog *p, struct top_line *f, int *n, int rows)
{
	const struct top_proc *q;
	struct top_line *l;
	int i, base = -1;

	for (i = 0; i < d->nprocs; i++) {
		q = &d->procs[i];
		if (q->depth == 0 || strcmp(q->program, p->name) != 0)
			continue;
		if (!p->expanded && q->state != 'Z')
			continue;
		if (base < 0)
			base = (int)q->depth;
		l = top_line(f, n, rows, q->state == 'Z' ? TA_ZOMBIE :
		    TA_NORMAL, "    %*s%s %-7lld %c  %s%s",
		    2 * ((int)q->depth - base), "", v->ascii ? "`-" :
		    "\xe2\x94\x94\xe2\x94\x80", (long long)q->pid, q->state,
		    q->command, q->state == 'Z' ? " <defunct>" : "");
		if (l == NULL)
			return;
	}
}

int
top_render(const struct top_data *d, const struct top_view *v, int cols,
    int rows, struct top_line *f)
{
	int idx[4096], nvis, i, n = 0, pane, first, k, top_rows;
	const struct top_prog *p;
	struct top_line *l;
	char up[32], rss[32], cpu[16], pid[16];
	bool any_expanded = false;

	(void)cols;
	if (v->help) {
		static const char *const help[] = {
		    "psctl top: keys",
		    "  Up/Down, j/k  select a program",
		    "  Enter         show or hide its process tree",
		    "  s / S / r     stop / start / restart it (as psctl stop/start/restart)",
		    "  K             send it a signal (asks which; as psctl signal)",
		    "  l             follow its log in the bottom pane (l again: events)",
		    "  /             show only programs whose name contains a text",
		    "  ?             this help (any key closes it)",
		    "  q             quit",
		    "",
		    "Columns: NAME STATE PID UPTIME RESTARTS (automatic restarts)",
		    "  LAST-EXIT READY (- none, yes, no) CPU% (of one CPU) RSS",
		    "Process states (as ps shows them): R running  S sleeping",
		    "  D waiting for disk  T stopped  Z zombie: exited, not yet",
		    "  reaped by its parent (or by psd once it is an orphan)",
		};
		for (i = 0; i < (int)nitems(help); i++)
			(void)top_line(f, &n, rows, i == 0 ? TA_TITLE :
			    TA_NORMAL, "%s", help[i]);
		return n;
	}
	(void)top_line(f, &n, rows, TA_HEADER, "psd %lld  up %s  %d programs"
	    "  attribution: %s", (long long)d->psd_pid,
	    psctl_uptime(d->uptime_ms, up, sizeof up), d->nprogs,
	    d->attribution[0] != '\0' ? d->attribution : "?");
	(void)top_line(f, &n, rows, d->zombies > 0 ? TA_ZOMBIE : TA_HEADER,
	    "procs %lld  zombies %lld  orphans %lld (%lld attributed)"
	    "  reaped %lld (%.1f/s)  restarts %lld",
	    (long long)d->processes, (long long)d->zombies,
	    (long long)d->orphans, (long long)d->attributed,
	    (long long)d->reaped, d->reaped_per_s, (long long)d->restarts);
	(void)top_line(f, &n, rows, TA_TITLE, "  %-14s %-9s %7s %7s %4s %-11s"
	    " %-5s %5s %7s", "NAME", "STATE", "PID", "UPTIME", "RST",
	    "LAST-EXIT", "READY", "CPU%", "RSS");
	nvis = top_visible(d, v, idx, (int)nitems(idx));
	/* the bottom pane keeps at least a third of the screen */
	pane = rows / 3 > 4 ? rows / 3 : 4;
	top_rows = rows - pane - 1;
	if (top_rows < n + 1)
		top_rows = n + 1;
	for (k = 0; k < nvis; k++) {
		p = &d->progs[idx[k]];
		any_expanded |= p->expanded;
		snprintf(pid, sizeof pid, "%lld", (long long)p->pid);
		if (p->cpu >= 0)
			snprintf(cpu, sizeof cpu, "%.1f", p->cpu);
		else
			snprintf(cpu, sizeof cpu, "-");
		if (p->rss_kb >= 10240)
			snprintf(rss, sizeof rss, "%lldM",
			    (long long)(p->rss_kb / 1024));
		else
			snprintf(rss, sizeof rss, "%lldK", (long long)p->rss_kb);
		l = top_line(f, &n, top_rows, k == v->selected ? TA_SELECTED :
		    TA_NORMAL, "%c %-14.14s %-9.9s %7s %7s %4lld %-11.11s %-5s"
		    " %5s %7s%s", k == v->selected ? '>' : ' ', p->name,
		    p->state, p->pid > 0 ? pid : "-",
		    p->uptime_ms > 0 ? psctl_uptime(p->uptime_ms, up,
		    sizeof up) : "-", (long long)p->restarts,
		    p->last_exit[0] != '\0' ? p->last_exit : "-", top_ready(p),
		    p->pid > 0 ? cpu : "-", p->pid > 0 ? rss : "-",
		    p->zombies > 0 ? "  Z!" : "");
		if (l == NULL)
			break;
		l->hl_start = 17;
		l->hl_len = 9;	/* LISTENING */
		l->hl_attr = top_state_attr(p->state);
		top_tree_rows(d, v, p, f, &n, top_rows);
	}
	if (d->npools > 0 && v->filter[0] == '\0') {
		(void)top_line(f, &n, top_rows, TA_TITLE, "  %-14s %-9s %7s %7s"
		    " %6s %7s %6s", "POOL", "STATE", "WORKERS", "RUNNING",
		    "QUEUED", "DONE", "FAILED");
		for (k = 0; k < d->npools; k++)
			(void)top_line(f, &n, top_rows, d->pools[k].running > 0 ?
			    TA_NORMAL : TA_DIM, "  %-14.14s %-9s %7lld %7lld"
			    " %6lld %7lld %6lld", d->pools[k].name,
			    d->pools[k].closed ? "closed" : "open",
			    (long long)d->pools[k].workers,
			    (long long)d->pools[k].running,
			    (long long)d->pools[k].queued,
			    (long long)d->pools[k].done,
			    (long long)d->pools[k].failed);
	}
	if (any_expanded)
		(void)top_line(f, &n, top_rows, TA_DIM, "  R running  S sleeping"
		    "  D disk wait  T stopped  Z zombie (exited, not yet"
		    " reaped)");
	while (n < top_rows)
		(void)top_line(f, &n, rows, TA_NORMAL, "%s", "");
	(void)top_line(f, &n, rows, TA_TITLE, "-- %s --  %s",
	    v->pane_title != NULL ? v->pane_title : "events",
	    v->message[0] != '\0' ? v->message : "? help  q quit");
	first = d->nevents - (rows - n);
	if (first < 0)
		first = 0;
	for (i = first; i < d->nevents; i++)
		(void)top_line(f, &n, rows, TA_NORMAL, "%s",
		    d->events[(d->events_head + i) % TOP_EVENTS_KEPT]);
	return n;
}
