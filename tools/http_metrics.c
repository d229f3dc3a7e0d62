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

/* One psd-wide counter or gauge from STATS, if psd sent it. */
static void
metrics_stat(FILE *out, bool om, const struct hstats *st, uint16_t key,
    const char *name, const char *type, const char *help)
{
	int i = hstat_index(key);

	if (i < 0 || !st->have[i])
		return;
	metrics_family(out, om, name, type, help);
	fprintf(out, "%s %lld\n", name, (long long)st->val[i]);
}

static void
metrics_psd(FILE *out, bool om, bool up, const struct hstats *st)
{
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
	metrics_stat(out, om, st, K_PROGRAMS, "psd_programs", "gauge",
	    "Programs configured, instances counted one by one.");
	metrics_stat(out, om, st, K_RUNNING, "psd_programs_running", "gauge",
	    "Programs RUNNING or READY.");
	metrics_stat(out, om, st, K_REAPED, "psd_reaped_total", "counter",
	    "Children psd has reaped.");
	metrics_stat(out, om, st, K_ORPHANS, "psd_orphans_reaped_total",
	    "counter", "Orphans psd has reaped (not its own children).");
	metrics_stat(out, om, st, K_ORPHANS_ATTRIBUTED,
	    "psd_orphans_attributed_total", "counter",
	    "Orphans reaped that were traced to a program.");
	metrics_stat(out, om, st, K_ZOMBIES, "psd_zombies", "gauge",
	    "Zombies among psd's descendants now.");
	metrics_stat(out, om, st, K_SPAWNS, "psd_spawns_total", "counter",
	    "Programs started (fork and exec).");
	metrics_stat(out, om, st, K_SPAWN_FAILURES, "psd_spawn_failures_total",
	    "counter", "Starts that failed before the program ran.");
	metrics_stat(out, om, st, K_RESTARTS, "psd_restarts_total", "counter",
	    "Automatic restarts of all programs.");
	metrics_stat(out, om, st, K_HOOKS, "psd_hooks_total", "counter",
	    "Hooks run.");
	metrics_stat(out, om, st, K_OUTPUT_LINES, "psd_log_lines_total",
	    "counter", "Lines of program output psd has carried.");
	metrics_stat(out, om, st, K_OUTPUT_BYTES, "psd_log_bytes_total",
	    "counter", "Bytes psd has written to its stdout, stderr and"
	    " log files.");
	metrics_stat(out, om, st, K_OUTPUT_DROPPED_LINES,
	    "psd_log_dropped_lines_total", "counter",
	    "Output lines psd dropped (a closed or failing stdout or log"
	    " file).");
	metrics_stat(out, om, st, K_OUTPUT_DROPPED_BYTES,
	    "psd_log_dropped_bytes_total", "counter",
	    "Output bytes psd dropped (a closed or failing stdout or log"
	    " file).");
	metrics_stat(out, om, st, K_OUTPUT_BUFFERED, "psd_log_buffered_bytes",
	    "gauge", "Output psd holds for its own stdout and stderr.");
	metrics_stat(out, om, st, K_CONTROL_REQUESTS,
	    "psd_control_requests_total", "counter",
	    "Control requests psd has handled.");
	metrics_stat(out, om, st, K_CONNECTIONS, "psd_control_connections",
	    "gauge", "Open control connections.");
	metrics_stat(out, om, st, K_WAKEUPS, "psd_wakeups_total", "counter",
	    "Times psd's loop has woken up.");
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

static void
metrics_programs(FILE *out, bool om, const struct hprog *v, size_t n,
    const struct hsnap *snap)
{
	const struct hproc_ent **pr = NULL;
	bool known;
	char why[8];
	size_t i;
	int s;

	if (n > 0 && (pr = calloc(n, sizeof *pr)) == NULL)
		n = 0;
	for (i = 0; i < n && snap != NULL; i++)
		pr[i] = hproc_find(snap, v[i].pid);

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
	metrics_family(out, om, "psd_program_up", "gauge",
	    "1 when the program is RUNNING or READY.");
	for (i = 0; i < n; i++) {
		metrics_prog_open(out, "psd_program_up", &v[i]);
		fprintf(out, "} %d\n", pstate_up(v[i].st));
	}
	metrics_family(out, om, "psd_program_ready", "gauge",
	    "1 when the program is ready in psctl ready's sense.");
	for (i = 0; i < n; i++) {
		metrics_prog_open(out, "psd_program_ready", &v[i]);
		fprintf(out, "} %d\n", hpsd_prog_ready(&v[i], why, sizeof why));
	}
	metrics_family(out, om, "psd_program_restarts_total", "counter",
	    "Automatic restarts of the program.");
	for (i = 0; i < n; i++) {
		metrics_prog_open(out, "psd_program_restarts_total", &v[i]);
		fprintf(out, "} %lld\n", (long long)v[i].restarts);
	}
	metrics_family(out, om, "psd_program_orphans_total", "counter",
	    "Orphans reaped that were traced to the program.");
	for (i = 0; i < n; i++) {
		metrics_prog_open(out, "psd_program_orphans_total", &v[i]);
		fprintf(out, "} %lld\n", (long long)v[i].orphans);
	}
	metrics_family(out, om, "psd_program_last_exit_code", "gauge",
	    "The last exit as a shell gives it (128+N for signal N).");
	for (i = 0; i < n; i++) {
		if (!v[i].has_exited)
			continue;
		metrics_prog_open(out, "psd_program_last_exit_code", &v[i]);
		fprintf(out, "} %lld\n", (long long)v[i].exit_code);
	}
	metrics_family(out, om, "psd_program_last_exit_signal", "gauge",
	    "The signal that ended the program last, 0 if it exited.");
	for (i = 0; i < n; i++) {
		if (!v[i].has_exited)
			continue;
		metrics_prog_open(out, "psd_program_last_exit_signal", &v[i]);
		fprintf(out, "} %d\n", metrics_signal(v[i].last_exit));
	}
	metrics_family(out, om, "psd_program_start_time_seconds", "gauge",
	    "When the running program started, seconds since the epoch.");
	for (i = 0; i < n; i++) {
		if (v[i].uptime_ms <= 0)
			continue;
		metrics_prog_open(out, "psd_program_start_time_seconds", &v[i]);
		fprintf(out, "} %.3f\n",
		    (double)(wallclock_ms() - v[i].uptime_ms) / 1000.0);
	}
	metrics_family(out, om, "psd_program_uptime_seconds", "gauge",
	    "How long the program has been running, 0 if it is not.");
	for (i = 0; i < n; i++) {
		metrics_prog_open(out, "psd_program_uptime_seconds", &v[i]);
		fprintf(out, "} %.3f\n", (double)v[i].uptime_ms / 1000.0);
	}
	metrics_family(out, om, "psd_program_cpu_seconds_total", "counter",
	    "User and system CPU time of the program's main process.");
	for (i = 0; i < n; i++) {
		if (pr[i] == NULL)
			continue;
		metrics_prog_open(out, "psd_program_cpu_seconds_total", &v[i]);
		fprintf(out, "} %.2f\n", pr[i]->cpu_seconds);
	}
	metrics_family(out, om, "psd_program_resident_memory_bytes", "gauge",
	    "Resident memory of the program's main process.");
	for (i = 0; i < n; i++) {
		if (pr[i] == NULL)
			continue;
		metrics_prog_open(out, "psd_program_resident_memory_bytes",
		    &v[i]);
		fprintf(out, "} %lld\n", (long long)pr[i]->rss_bytes);
	}
	free(pr);
}

void
metrics_write(FILE *out, bool om, bool psd_up, const struct hstats *st,
    const struct hprog *v, size_t n, const struct hsnap *snap)
{
	metrics_psd(out, om, psd_up, st);
	if (psd_up)
		metrics_programs(out, om, v, n, snap);
	if (om)
		fputs("# EOF\n", out);
}
