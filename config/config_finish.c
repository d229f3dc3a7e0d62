/*
 * config_finish.c: turn what was read into programs: instances, %(...)
 * expansion, commands split into words, environments merged, paths made
 * absolute, and the checks that span several keys.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "config_diag.h"
#include "config_expand.h"
#include "config_int.h"
#include "config_listen.h"
#include "config_util.h"
#include "config_words.h"
#include "util.h"
#include "xmalloc.h"

/* Is s a valid environment variable name (up to '=')? */
static bool
finish_env_name(const char *s)
{
	const char *eq = strchr(s, '=');
	const char *p;

	if (eq == NULL || eq == s || (*s >= '0' && *s <= '9'))
		return false;
	for (p = s; p < eq; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* Split "K=V K2='v w'" into a list; errors reported at file:line. */
static char **
finish_environment(struct loader *L, const char *text, const char *file,
    int line, const char *sec, int *n)
{
	char err[256], **v;
	int i;

	if (words_split(text, &v, n, err, sizeof err) < 0) {
		cerr(L, file, line, sec, "environment", "%s", err);
		return NULL;
	}
	for (i = 0; i < *n; i++) {
		const char *c = strchr(v[i], ',');

		/* K="a",K2=b reads as one word here: say so, never misread. */
		while (c != NULL && !finish_env_name(c + 1))
			c = strchr(c + 1, ',');
		if (c != NULL) {
			cerr(L, file, line, sec, "environment", "\"%s\" looks"
			    " like supervisord's K=V,K2=V2 list; psd separates"
			    " variables with spaces: K=V K2=V2", v[i]);
			words_free(v);
			return NULL;
		}
		if (!finish_env_name(v[i])) {
			cerr(L, file, line, sec, "environment", "\"%s\" is not"
			    " NAME=VALUE with a valid NAME", v[i]);
			words_free(v);
			return NULL;
		}
	}
	return v;
}

/* Put a K=V into a list, replacing one with the same name. */
static void
finish_env_put(char ***v, int *n, const char *kv)
{
	size_t nl = (size_t)(strchr(kv, '=') - kv);
	int i;

	for (i = 0; i < *n; i++)
		if (strncmp((*v)[i], kv, nl) == 0 && (*v)[i][nl] == '=') {
			free((*v)[i]);
			(*v)[i] = xstrdup(kv);
			return;
		}
	*v = xreallocarray(*v, (size_t)*n + 2, sizeof **v);
	(*v)[(*n)++] = xstrdup(kv);
	(*v)[*n] = NULL;
}

void
finish_psd(struct loader *L)
{
	struct rawpsd *r = &L->psd;
	struct config *cfg = L->cfg;
	struct expand_vars ev = { NULL, -1, NULL };
	char err[256], *s, **v;
	int i, n;

	if (r->socket != NULL) {
		ev.here = r->socket_here;
		s = expand(r->socket, &ev, err, sizeof err);
		if (s == NULL)
			cerr(L, r->socket_file, r->socket_line, "psd", "socket",
			    "%s", err);
		else {
			cfg->socket = strcmp(s, "none") == 0 ? xstrdup(s) :
			    config_path_join(r->socket_here, s);
			free(s);
		}
	}
	if (r->pidfile != NULL) {
		ev.here = r->pidfile_here;
		s = expand(r->pidfile, &ev, err, sizeof err);
		if (s == NULL)
			cerr(L, r->pidfile_file, r->pidfile_line, "psd",
			    "pidfile", "%s", err);
		else {
			cfg->pidfile = config_path_join(r->pidfile_here, s);
			free(s);
		}
	}
	if (r->environment != NULL) {
		ev.here = r->env_here;
		s = expand(r->environment, &ev, err, sizeof err);
		if (s == NULL) {
			cerr(L, r->env_file, r->env_line, "psd", "environment",
			    "%s", err);
			return;
		}
		v = finish_environment(L, s, r->env_file, r->env_line, "psd",
		    &n);
		free(s);
		for (i = 0; v != NULL && i < n; i++)
			finish_env_put(&cfg->environment, &cfg->nenvironment,
			    v[i]);
		words_free(v);
	}
}

/* Expand raw value k of rp for one instance; NULL (reported) on error. */
static char *
finish_expand(struct loader *L, struct rawprog *rp, int k, const char *key,
    const struct expand_vars *ev, bool report)
{
	char err[256], sec[128], *s;

	if (rp->raw[k] == NULL)
		return NULL;
	s = expand(rp->raw[k], ev, err, sizeof err);
	if (s == NULL && report) {
		snprintf(sec, sizeof sec, "program:%s", rp->pc->base);
		cerr(L, rp->file, rp->raw_line[k], sec, key, "%s", err);
	}
	return s;
}

/* The value after "file:" (or "tcp:"), made absolute where it is a path. */
static void
finish_output(struct output_conf *oc, const char *expanded, const char *here)
{
	free(oc->path);
	oc->path = oc->kind == OUTPUT_FILE ?
	    config_path_join(here, expanded + 5) : NULL;
}

/*
 * file: is for files psd appends to.  supervisord's stdout_logfile =
 * /dev/stdout trick would have psd block on its own stdout: psd does that
 * job itself with log (or the program does, with inherit).
 */
static void
finish_output_check(struct loader *L, struct rawprog *rp, int k,
    const char *key, const struct output_conf *oc, bool report)
{
	static const char *const own[] = { "/dev/stdout", "/dev/stderr",
	    "/dev/fd/1", "/dev/fd/2", "/proc/self/fd/1", "/proc/self/fd/2",
	    "/dev/tty", "/dev/console" };
	char sec[128];
	size_t i;

	if (oc->kind != OUTPUT_FILE || !report)
		return;
	for (i = 0; i < sizeof own / sizeof own[0]; i++)
		if (strcmp(oc->path, own[i]) == 0)
			break;
	if (i == sizeof own / sizeof own[0] && strcmp(oc->path, "/dev/null"))
		return;
	snprintf(sec, sizeof sec, "program:%s", rp->pc->base);
	if (strcmp(oc->path, "/dev/null") == 0)
		cerr(L, rp->file, rp->raw_line[k], sec, key, "file:/dev/null:"
		    " write %s = null", key);
	else
		cerr(L, rp->file, rp->raw_line[k], sec, key, "file:%s is"
		    " psd's own output: write %s = log (psd writes each line"
		    " there, without ever blocking) or %s = inherit (the"
		    " program writes there itself)", oc->path, key, key);
}

/* Check a ready argument: tcp:[HOST:]PORT, log:REGEX. */
static int
finish_ready(struct progconf *pc, const char *v, char *err, size_t len)
{
	const char *colon, *port;
	regex_t re;
	long n;
	int r;

	free(pc->ready_arg);
	pc->ready_arg = NULL;
	switch (pc->ready) {
	case READY_EXEC:
		pc->ready_arg = xstrdup(v + 5);
		break;
	case READY_TCP:
		colon = strrchr(v + 4, ':');
		port = colon != NULL ? colon + 1 : v + 4;
		if (parse_long(port, 1, 65535, &n) < 0) {
			snprintf(err, len, "\"%s\" is not a port from 1 to 65535",
			    port);
			return -1;
		}
		pc->ready_arg = colon != NULL ? xstrdup(v + 4) :
		    xasprintf("127.0.0.1:%ld", n);
		break;
	case READY_LOG:
		r = regcomp(&re, v + 4, REG_EXTENDED | REG_NOSUB);
		if (r != 0) {
			char msg[128];

			regerror(r, &re, msg, sizeof msg);
			snprintf(err, len, "bad regular expression: %s", msg);
			return -1;
		}
		regfree(&re);
		pc->ready_arg = xstrdup(v + 4);
		break;
	default:
		break;
	}
	return 0;
}

static int finish_key_line(const struct rawprog *rp, const char *key);

/*
 * rules = supervisord, exit_codes and events: exit codes only mean
 * something under supervisord's rules (exitcodes=0 by default there); a
 * listener is in a pool (its program's name by default) and its stdout
 * is the event protocol.
 */
static void
finish_rules(struct loader *L, struct rawprog *rp, struct progconf *pc,
    const char *sec, bool report)
{
	static const uint8_t none[32];
	bool codes = memcmp(pc->sd_exitcodes, none, sizeof none) != 0;

	if (codes && !pc->sd_semantics && report)
		cerr(L, rp->file, finish_key_line(rp, "exit_codes"), sec,
		    "exit_codes", "needs rules = supervisord (psd's own rules"
		    " take exit status 0 as the only success)");
	if (pc->sd_semantics && !codes)
		pc->sd_exitcodes[0] = 1;
	if (pc->evl_events == 0) {
		if ((pc->evl_pool != NULL || pc->evl_buffer != 0 ||
		    pc->evl_server != NULL) && report)
			cerr(L, rp->file, finish_key_line(rp, "events"), sec,
			    "events", "missing: events_pool, events_buffer and"
			    " events_server are for an event listener");
		return;
	}
	if (pc->evl_pool == NULL)
		pc->evl_pool = xstrdup(pc->base);
	if (pc->evl_server == NULL)
		pc->evl_server = xstrdup("supervisor");
	if (pc->evl_buffer == 0)
		pc->evl_buffer = 10;
	if (pc->out.kind != OUTPUT_NULL && report)
		cerr(L, rp->file, finish_key_line(rp, "events"), sec, "stdout",
		    "an event listener's stdout carries the protocol: set"
		    " stdout = null");
}

/* Build instance i of rp; report errors only when asked (instance 0). */
static struct progconf *
finish_instance(struct loader *L, struct rawprog *rp, int i, bool report)
{
	struct expand_vars ev = { rp->pc->base, i, rp->here };
	struct progconf *pc = progconf_clone(rp->pc);
	char sec[128], err[256], *s, **v;
	int n, j, bad = L->errs->n;

	snprintf(sec, sizeof sec, "program:%s", rp->pc->base);
	pc->instance = i;
	free(pc->name);
	/* Declared a pool (instances set, even to 1): always NAME:N, so a
	 * reload between 1 and N instances renames nothing. */
	pc->pool = rp->key_line[keys_index(SEC_PROGRAM, "instances")] != 0;
	pc->name = pc->pool ? xasprintf("%s:%d", pc->base, i) :
	    xstrdup(pc->base);
	pc->file = xstrdup(rp->file);
	pc->line = rp->line;

	if ((s = finish_expand(L, rp, RAW_COMMAND, "command", &ev, report))) {
		free(pc->command);
		pc->command = s;
		words_free(pc->argv);
		pc->argv = NULL;
		if (pc->shell) {
			pc->argv = xcalloc(4, sizeof *pc->argv);
			pc->argv[0] = xstrdup("/bin/sh");
			pc->argv[1] = xstrdup("-c");
			pc->argv[2] = xstrdup(s);
		} else if (words_split(s, &pc->argv, &n, err, sizeof err) < 0) {
			if (report)
				cerr(L, rp->file, rp->raw_line[RAW_COMMAND],
				    sec, "command", "%s", err);
		} else if (n == 0 && report)
			cerr(L, rp->file, rp->raw_line[RAW_COMMAND], sec,
			    "command", "no words in the command");
	}
	if ((s = finish_expand(L, rp, RAW_DIRECTORY, "directory", &ev,
	    report))) {
		pc->directory = config_path_join(rp->here, s);
		free(s);
	}
	/* [psd] environment first; the program's own wins. */
	for (j = 0; j < L->cfg->nenvironment; j++)
		finish_env_put(&pc->environment, &pc->nenvironment,
		    L->cfg->environment[j]);
	if ((s = finish_expand(L, rp, RAW_ENVIRONMENT, "environment", &ev,
	    report))) {
		v = finish_environment(L, s, rp->file,
		    rp->raw_line[RAW_ENVIRONMENT], sec, &n);
		for (j = 0; v != NULL && j < n; j++)
			finish_env_put(&pc->environment, &pc->nenvironment,
			    v[j]);
		words_free(v);
		free(s);
	}
	if ((s = finish_expand(L, rp, RAW_STDOUT, "stdout", &ev, report))) {
		finish_output(&pc->out, s, rp->here);
		finish_output_check(L, rp, RAW_STDOUT, "stdout", &pc->out,
		    report);
		free(s);
	}
	if ((s = finish_expand(L, rp, RAW_STDERR, "stderr", &ev, report))) {
		finish_output(&pc->err, s, rp->here);
		finish_output_check(L, rp, RAW_STDERR, "stderr", &pc->err,
		    report);
		free(s);
	}
	pc->on_exit = finish_expand(L, rp, RAW_ON_EXIT, "on_exit", &ev, report);
	pc->on_fatal = finish_expand(L, rp, RAW_ON_FATAL, "on_fatal", &ev,
	    report);
	if ((s = finish_expand(L, rp, RAW_READY, "ready", &ev, report))) {
		if (finish_ready(pc, s, err, sizeof err) < 0 && report)
			cerr(L, rp->file, rp->raw_line[RAW_READY], sec,
			    "ready", "%s", err);
		free(s);
	}
	finish_rules(L, rp, pc, sec, report);
	if (L->errs->n > bad || (!report && pc->argv == NULL)) {
		progconf_free(pc);
		return NULL;
	}
	return pc;
}

/* Where key was set in rp (its section's line if it was not). */
static int
finish_key_line(const struct rawprog *rp, const char *key)
{
	int k = keys_index(SEC_PROGRAM, key);

	return k >= 0 && rp->key_line[k] ? rp->key_line[k] : rp->line;
}

/*
 * A detached program outlives psd, so psd cannot carry its output: it
 * inherits psd's unless told otherwise.  tty = true needs psd to read the
 * terminal.
 */
static void
finish_section_output(struct loader *L, struct rawprog *rp, const char *sec)
{
	struct progconf *pc = rp->pc;
	struct output_conf *oc[2] = { &pc->out, &pc->err };
	static const char *const key[2] = { "stdout", "stderr" };
	static const int raw[2] = { RAW_STDOUT, RAW_STDERR };
	int i;

	for (i = 0; i < 2 && pc->detach; i++) {
		if (oc[i]->kind != OUTPUT_LOG)
			continue;
		if (rp->raw[raw[i]] == NULL)
			oc[i]->kind = OUTPUT_INHERIT;
		else
			cerr(L, rp->file, rp->raw_line[raw[i]], sec, key[i],
			    "a detached program outlives psd, so psd cannot"
			    " carry its output: use inherit, null or"
			    " file:PATH");
	}
	if (pc->tty && (pc->detach || (pc->out.kind != OUTPUT_LOG &&
	    pc->out.kind != OUTPUT_FILE)))
		cerr(L, rp->file, finish_key_line(rp, "tty"), sec, "tty",
		    "needs stdout = log or"
		    " file:PATH (psd reads the terminal), and no detach");
}

/*
 * listen and the keys that go with it.  A program psd starts per
 * connection or at the first one is not started with psd.
 */
static void
finish_section_sockets(struct loader *L, struct rawprog *rp, const char *sec)
{
	static const char *const needs[] = { "accept", "backlog",
	    "socket_mode", "socket_user", "socket_group", "max_connections",
	    "start" };
	struct progconf *pc = rp->pc;
	struct listen_addr a;
	char err[256];
	size_t i;
	int k;

	pc->has_socket_mode = rp->key_line[keys_index(SEC_PROGRAM,
	    "socket_mode")] != 0;
	if (pc->nlisten == 0) {
		for (i = 0; i < sizeof needs / sizeof needs[0]; i++) {
			k = keys_index(SEC_PROGRAM, needs[i]);
			if (rp->key_line[k] != 0 && (pc->on_demand ||
			    strcmp(needs[i], "start") != 0))
				cerr(L, rp->file, rp->key_line[k], sec,
				    needs[i], "needs listen = (the sockets"
				    " psd holds for the program)");
		}
		return;
	}
	if (pc->detach)
		cerr(L, rp->file, pc->listen_line, sec, "listen", "a detached"
		    " program outlives psd, so psd cannot hold its sockets");
	if (!pc->accept)
		goto out;
	if (pc->ninstances > 1)
		cerr(L, rp->file, finish_key_line(rp, "accept"), sec, "accept",
		    "accept = true starts one instance per connection; it"
		    " cannot go with instances = %d (use max_connections)",
		    pc->ninstances);
	for (i = 0; i < (size_t)pc->nlisten; i++)
		if (listen_parse(pc->listen[i], &a, err, sizeof err) == 0 &&
		    a.kind == LISTEN_UDP)
			cerr(L, rp->file, finish_key_line(rp, "accept"), sec,
			    "accept", "accept = true needs stream sockets;"
			    " \"%s\" is a datagram socket", pc->listen[i]);
out:
	if (pc->accept || pc->on_demand)
		pc->autostart = false;	/* sockets.c starts it */
}

/* Checks that need several keys of one section. */
static void
finish_section(struct loader *L, struct rawprog *rp)
{
	struct progconf *pc = rp->pc;
	char sec[128];

	snprintf(sec, sizeof sec, "program:%s", pc->base);
	/* A refused line may have been the command: say that once. */
	if (rp->raw[RAW_COMMAND] == NULL && !rp->dropped)
		cerr(L, rp->file, rp->line, sec, NULL, "missing required key"
		    " \"command\"");
	if (pc->restart_delay_max < pc->restart_delay)
		cerr(L, rp->file, rp->line, sec, "restart_delay_max",
		    "is shorter than restart_delay");
	if (pc->watchdog > 0 && pc->ready != READY_NOTIFY)
		cerr(L, rp->file, finish_key_line(rp, "watchdog"), sec,
		    "watchdog", "needs"
		    " ready = notify (the program pings with WATCHDOG=1)");
	if (pc->detach && pc->daemon)
		cerr(L, rp->file, rp->line, sec, "detach", "a detached program"
		    " outlives psd, so it cannot also be daemon = true");
	if ((pc->has_user || pc->has_group) && geteuid() != 0)
		cerr(L, rp->file, finish_key_line(rp, pc->has_user ? "user" :
		    "group"), sec, pc->has_user ? "user" : "group",
		    "switching to %s \"%s\" needs psd to run as root",
		    pc->has_user ? "user" : "group",
		    pc->has_user ? pc->user : pc->group);
	finish_section_output(L, rp, sec);
	finish_section_sockets(L, rp, sec);
}

void
finish_programs(struct loader *L)
{
	struct progconf *pc;
	struct rawprog *rp;
	int i, k, total = 0;

	for (i = 0; i < L->nprogs; i++) {
		finish_section(L, L->progs[i]);
		total += L->progs[i]->pc->ninstances;
	}
	if (total > CONFIG_MAX_PROGRAMS) {
		cerr(L, L->cfg->path, 0, NULL, NULL, "%d programs with their"
		    " instances, more than the %d allowed", total,
		    CONFIG_MAX_PROGRAMS);
		return;
	}
	/* Errors above do not stop the instances: their values may hold
	 * more (expansion, words); no config is made when any is found. */
	for (i = 0; i < L->nprogs; i++) {
		rp = L->progs[i];
		for (k = 0; k < rp->pc->ninstances; k++) {
			pc = finish_instance(L, rp, k, k == 0);
			if (pc == NULL)
				break;
			config_add_program(L->cfg, pc);
		}
	}
}
