/*
 * http_metrics.c: psd's numbers as Prometheus text (0.0.4) or OpenMetrics.
 *
 * Names follow Prometheus's conventions: a psd_ prefix, base units
 * (seconds, bytes), _total on counters.  Program series carry a program
 * label, and an instance label for "web:2" (program="web", instance="2").
 * The two formats differ here only in a counter family's name (OpenMetrics
 * names it without _total), the order of HELP and TYPE, and "# EOF".
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "signame.h"
#include "util.h"

/* "# HELP" and "# TYPE" for a family. */
static void
metrics_family(FILE *out, bool om, const char *name, const char *type,
    const char *help)
{
	size_t len = strlen(name);

	if (om && strcmp(type, "counter") == 0 && len > 6 &&
	    strcmp(name + len - 6, "_total") == 0)
		len -= 6;
	if (om)
		fprintf(out, "# TYPE %.*s %s\n# HELP %.*s %s\n", (int)len,
		    name, type, (int)len, name, help);
	else
		fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
		    type);
}

/* A label value, escaped (backslash, quote, newline). */
static void
metrics_label(FILE *out, const char *key, const char *v, bool comma)
{
	fprintf(out, "%s%s=\"", comma ? "," : "", key);
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			fprintf(out, "\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", out);
		else
			fputc(*v, out);
	}
	fputc('"', out);
}

/* name{program="web"[,instance="2"] (left open for more labels). */
static void
metrics_prog_open(FILE *out, const char *metric, const struct hprog *p)
{
	const char *colon = strrchr(p->name, ':');
	char base[256];
	size_t blen;
	bool inst = colon != NULL && colon[1] != '\0' &&
	    strspn(colon + 1, "0123456789") == strlen(colon + 1);

	fprintf(out, "%s{", metric);
	if (!inst) {
		metrics_label(out, "program", p->name, false);
		return;
	}
	blen = (size_t)(colon - p->name);
	if (blen >= sizeof base)
		blen = sizeof base - 1;
	memcpy(base, p->name, blen);
	base[blen] = '\0';
	metrics_label(out, "program", base, false);
	metrics_label(out, "instance", colon + 1, true);
}

/* psd-wide series: one STATS key each. */
static const struct metric_stat {
	uint16_t	 key;
	const char	*name, *type, *help;
} stat_metrics[] = {
	{ K_PROGRAMS, "psd_programs", "gauge",
	    "Programs configured, instances counted one by one." },
	{ K_RUNNING, "psd_programs_running", "gauge",
	    "Programs RUNNING or READY." },
	{ K_REAPED, "psd_reaped_total", "counter",
	    "Children psd has reaped." },
	{ K_ORPHANS, "psd_orphans_reaped_total", "counter",
	    "Orphans psd has reaped (not its own children)." },
	{ K_ORPHANS_ATTRIBUTED, "psd_orphans_attributed_total", "counter",
	    "Orphans reaped that were traced to a program." },
	{ K_ZOMBIES, "psd_zombies", "gauge",
	    "Zombies among psd's descendants now." },
	{ K_SPAWNS, "psd_spawns_total", "counter",
	    "Programs started (fork and exec)." },
	{ K_SPAWN_FAILURES, "psd_spawn_failures_total", "counter",
	    "Starts that failed before the program ran." },
	{ K_RESTARTS, "psd_restarts_total", "counter",
	    "Automatic restarts of all programs." },
	{ K_HOOKS, "psd_hooks_total", "counter", "Hooks run." },
	{ K_OUTPUT_LINES, "psd_log_lines_total", "counter",
	    "Lines of program output psd has carried." },
	{ K_OUTPUT_BYTES, "psd_log_bytes_total", "counter",
	    "Bytes psd has written to its stdout, stderr and log files." },
	{ K_OUTPUT_DROPPED_LINES, "psd_log_dropped_lines_total", "counter",
	    "Output lines psd dropped (a closed or failing stdout or log"
	    " file)." },
	{ K_OUTPUT_DROPPED_BYTES, "psd_log_dropped_bytes_total", "counter",
	    "Output bytes psd dropped (a closed or failing stdout or log"
	    " file)." },
	{ K_OUTPUT_BUFFERED, "psd_log_buffered_bytes", "gauge",
	    "Output psd holds for its own stdout and stderr." },
	{ K_CONTROL_REQUESTS, "psd_control_requests_total", "counter",
	    "Control requests psd has handled." },
	{ K_CONNECTIONS, "psd_control_connections", "gauge",
	    "Open control connections." },
	{ K_WAKEUPS, "psd_wakeups_total", "counter",
	    "Times psd's loop has woken up." },
};

static void
metrics_psd(FILE *out, bool om, bool up, const struct hstats *st)
{
	const struct metric_stat *m;
	int i = hstat_index(K_UPTIME_MS);

	metrics_family(out, om, "psd_up", "gauge",
	    "1 when psd answered psd-http, else 0.");
	fprintf(out, "psd_up %d\n", up ? 1 : 0);
	if (!up)
		return;
	if (i >= 0 && st->have[i]) {
		metrics_family(out, om, "psd_start_time_seconds", "gauge",
		    "When psd started, seconds since the epoch.");
		fprintf(out, "psd_start_time_seconds %.3f\n",
		    (double)(wallclock_ms() - st->val[i]) / 1000.0);
	}
	for (m = stat_metrics; m < stat_metrics + nitems(stat_metrics); m++) {
		i = hstat_index(m->key);
		if (i < 0 || !st->have[i])
			continue;	/* an older psd did not send it */
		metrics_family(out, om, m->name, m->type, m->help);
		fprintf(out, "%s %lld\n", m->name, (long long)st->val[i]);
	}
}

/* Signal number of "signal TERM", else 0. */
static int
metrics_signal(const char *last_exit)
{
	int sig;

	if (strncmp(last_exit, "signal ", 7) != 0)
		return 0;
	sig = sig_parse(last_exit + 7, 0);
	return sig > 0 ? sig : 0;
}

/*
 * Per-program series: each reads one value from the program's status (p)
 * and its main process in /proc (pr, NULL when unknown); false when the
 * program has no such value now (no series is written for it).
 */
typedef bool	(*metric_get_fn)(const struct hprog *p,
		    const struct hproc_ent *pr, double *v);

static bool
get_up(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	(void)pr;
	*v = pstate_up(p->st);
	return true;
}

static bool
get_ready(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	char why[8];

	(void)pr;
	*v = hpsd_prog_ready(p, why, sizeof why);
	return true;
}

static bool
get_restarts(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	(void)pr;
	*v = (double)p->restarts;
	return true;
}

static bool
get_orphans(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	(void)pr;
	*v = (double)p->orphans;
	return true;
}

static bool
get_exit_code(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	(void)pr;
	*v = (double)p->exit_code;
	return p->has_exited;
}

static bool
get_exit_signal(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	(void)pr;
	*v = metrics_signal(p->last_exit);
	return p->has_exited;
}

static bool
get_start_time(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	(void)pr;
	*v = (double)(wallclock_ms() - p->uptime_ms) / 1000.0;
	return p->uptime_ms > 0;
}

static bool
get_uptime(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	(void)pr;
	*v = (double)p->uptime_ms / 1000.0;
	return true;
}

static bool
get_cpu(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	(void)p;
	if (pr == NULL)
		return false;
	*v = pr->cpu_seconds;
	return true;
}

static bool
get_rss(const struct hprog *p, const struct hproc_ent *pr, double *v)
{
	(void)p;
	if (pr == NULL)
		return false;
	*v = (double)pr->rss_bytes;
	return true;
}

static const struct metric_prog {
	const char	*name, *type;
	int		 prec;	/* digits after the point */
	const char	*help;
	metric_get_fn	 get;
} prog_metrics[] = {
	{ "psd_program_up", "gauge", 0,
	    "1 when the program is RUNNING or READY.", get_up },
	{ "psd_program_ready", "gauge", 0,
	    "1 when the program is ready in psctl ready's sense.", get_ready },
	{ "psd_program_restarts_total", "counter", 0,
	    "Automatic restarts of the program.", get_restarts },
	{ "psd_program_orphans_total", "counter", 0,
	    "Orphans reaped that were traced to the program.", get_orphans },
	{ "psd_program_last_exit_code", "gauge", 0,
	    "The last exit as a shell gives it (128+N for signal N).",
	    get_exit_code },
	{ "psd_program_last_exit_signal", "gauge", 0,
	    "The signal that ended the program last, 0 if it exited.",
	    get_exit_signal },
	{ "psd_program_start_time_seconds", "gauge", 3,
	    "When the running program started, seconds since the epoch.",
	    get_start_time },
	{ "psd_program_uptime_seconds", "gauge", 3,
	    "How long the program has been running, 0 if it is not.",
	    get_uptime },
	{ "psd_program_cpu_seconds_total", "counter", 2,
	    "User and system CPU time of the program's main process.",
	    get_cpu },
	{ "psd_program_resident_memory_bytes", "gauge", 0,
	    "Resident memory of the program's main process.", get_rss },
};

/* psd_program_state: one series per known state, 1 for the current one. */
static void
metrics_states(FILE *out, bool om, const struct hprog *v, size_t n)
{
	bool known;
	size_t i;
	int s;

	metrics_family(out, om, "psd_program_state", "gauge",
	    "1 for the program's current state, 0 for the others.");
	for (i = 0; i < n; i++) {
		known = false;
		for (s = 0; s < PS__COUNT; s++) {
			known |= v[i].st == (enum pstate)s;
			metrics_prog_open(out, "psd_program_state", &v[i]);
			metrics_label(out, "state", pstate_name((enum pstate)s),
			    true);
			fprintf(out, "} %d\n", v[i].st == (enum pstate)s);
		}
		if (!known) {
			metrics_prog_open(out, "psd_program_state", &v[i]);
			metrics_label(out, "state", v[i].state, true);
			fputs("} 1\n", out);
		}
	}
}

static void
metrics_programs(FILE *out, bool om, const struct hprog *v, size_t n,
    const struct hsnap *snap)
{
	const struct hproc_ent **pr = NULL;
	const struct metric_prog *m;
	double val;
	size_t i;

	if (n > 0 && (pr = calloc(n, sizeof *pr)) == NULL)
		n = 0;
	for (i = 0; i < n && snap != NULL; i++)
		pr[i] = hproc_find(snap, v[i].pid);
	metrics_states(out, om, v, n);
	for (m = prog_metrics; m < prog_metrics + nitems(prog_metrics); m++) {
		metrics_family(out, om, m->name, m->type, m->help);
		for (i = 0; i < n; i++) {
			if (!m->get(&v[i], pr[i], &val))
				continue;
			metrics_prog_open(out, m->name, &v[i]);
			fprintf(out, "} %.*f\n", m->prec, val);
		}
	}
	free(pr);
}

/*
 * Series from a list psd keeps beside its programs: one request, one
 * reply message per row, its labels and its counts.  A psd that does not
 * know the request gives no rows, so no series.
 */
static const struct metric_list {
	struct hlist	 list;
	const char	*label[HROW_LABELS];	/* label names, by label_key */
	struct {
		const char *name, *type, *help;
	} series[HROW_INTS];			/* by int_key */
} metric_lists[METRICS_NLISTS] = {
	{ { MSG_JOBS, PROTO_FLAG_POOL_LIST, MSG_POOL, { K_POOL, 0 },
	    { K_WORKERS, K_QUEUED, K_RUNNING, K_DONE, K_FAILED, K_CANCELLED,
	    K_DROPPED, 0 } },
	  { "pool", NULL }, {
	    { "psd_pool_workers", "gauge",
		"Jobs the pool runs at once." },
	    { "psd_pool_jobs_queued", "gauge",
		"Jobs waiting for a slot." },
	    { "psd_pool_jobs_running", "gauge",
		"Jobs running now." },
	    { "psd_pool_jobs_done_total", "counter",
		"Jobs that exited 0." },
	    { "psd_pool_jobs_failed_total", "counter",
		"Jobs that ended with a non-zero status, a signal, a timeout"
		" or could not start." },
	    { "psd_pool_jobs_cancelled_total", "counter",
		"Jobs cancelled before they ended." },
	    { "psd_pool_jobs_dropped_total", "counter",
		"Queued jobs dropped (the pool terminated, psd stopping)." },
	  } },
	{ { MSG_SOCKETS, 0, MSG_SOCKET, { K_PROGRAM, K_LISTEN },
	    { K_ACCEPTED, K_ACTIVE, K_REFUSED, 0 } },
	  { "program", "listen" }, {
	    { "psd_socket_connections_accepted_total", "counter",
		"Connections psd accepted on an accept = true socket." },
	    { "psd_socket_connections_active", "gauge",
		"Instances running now for the socket's connections." },
	    { "psd_socket_connections_refused_total", "counter",
		"Connections accepted for which no instance could run." },
	  } },
};

void
metrics_lists(const struct hconf *hc, struct hrows *rows)
{
	char err[256];
	size_t i;

	for (i = 0; i < METRICS_NLISTS; i++)
		(void)hpsd_rows(hc, &metric_lists[i].list, &rows[i], err,
		    sizeof err);
}

void
metrics_lists_free(struct hrows *rows)
{
	size_t i;

	for (i = 0; i < METRICS_NLISTS; i++)
		hpsd_rows_free(&rows[i]);
}

static void
metrics_list(FILE *out, bool om, const struct metric_list *ml,
    const struct hrows *rows)
{
	const struct hrow *r;
	size_t i, k, l;
	bool any;

	for (k = 0; k < HROW_INTS && ml->series[k].name != NULL; k++) {
		any = false;
		for (i = 0; i < rows->n; i++) {
			r = &rows->v[i];
			if (!r->have[k])
				continue;
			if (!any)
				metrics_family(out, om, ml->series[k].name,
				    ml->series[k].type, ml->series[k].help);
			any = true;
			fprintf(out, "%s{", ml->series[k].name);
			for (l = 0; l < HROW_LABELS && ml->label[l] != NULL;
			    l++)
				metrics_label(out, ml->label[l], r->label[l],
				    l > 0);
			fprintf(out, "} %lld\n", (long long)r->val[k]);
		}
	}
}

void
metrics_write(FILE *out, bool om, bool psd_up, const struct hstats *st,
    const struct hprog *v, size_t n, const struct hsnap *snap,
    const struct hrows *rows)
{
	size_t i;

	metrics_psd(out, om, psd_up, st);
	if (psd_up)
		metrics_programs(out, om, v, n, snap);
	for (i = 0; psd_up && rows != NULL && i < METRICS_NLISTS; i++)
		metrics_list(out, om, &metric_lists[i], &rows[i]);
	if (om)
		fputs("# EOF\n", out);
}
