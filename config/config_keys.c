/*
 * config_keys.c: every key of [psd] and [program:NAME], in one table each,
 * with the parser that checks its value.
 */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_diag.h"
#include "config_int.h"
#include "config_keydef.h"
#include "config_listen.h"
#include "config_util.h"
#include "config_words.h"
#include "evproto.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

static int
p_depends(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;
	char *copy = xstrdup(v), *tok, *save;

	(void)L;
	(void)k;
	(void)err;
	(void)len;
	for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		pc->depends_on = xreallocarray(pc->depends_on,
		    (size_t)pc->ndepends_on + 2, sizeof *pc->depends_on);
		pc->depends_on[pc->ndepends_on++] = xstrdup(tok);
		pc->depends_on[pc->ndepends_on] = NULL;
	}
	free(copy);
	return 0;
}

/* stdout/stderr: the kind now; a file path is expanded later. */
static int
p_output(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct output_conf *oc = FIELD(struct output_conf, t, k->off);

	(void)L;
	if (strcmp(v, "log") == 0)
		oc->kind = OUTPUT_LOG;
	else if (strcmp(v, "inherit") == 0)
		oc->kind = OUTPUT_INHERIT;
	else if (strcmp(v, "null") == 0)
		oc->kind = OUTPUT_NULL;
	else if (strcmp(v, "stdout") == 0 && k->off == PC(err))
		oc->kind = OUTPUT_STDOUT;
	else if (strncmp(v, "file:", 5) == 0 && v[5] != '\0')
		oc->kind = OUTPUT_FILE;
	else {
		snprintf(err, len, "\"%s\" is not an output; expected log,"
		    " inherit, null, file:PATH%s", v, k->off == PC(err) ?
		    " or stdout" : "");
		return -1;
	}
	return 0;
}

/* ready: the kind now; its argument is expanded and checked later. */
static int
p_ready(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;

	(void)L;
	(void)k;
	if (strcmp(v, "none") == 0)
		pc->ready = READY_NONE;
	else if (strcmp(v, "notify") == 0)
		pc->ready = READY_NOTIFY;
	else if (strncmp(v, "exec:", 5) == 0 && v[5] != '\0')
		pc->ready = READY_EXEC;
	else if (strncmp(v, "tcp:", 4) == 0 && v[4] != '\0')
		pc->ready = READY_TCP;
	else if (strncmp(v, "log:", 4) == 0 && v[4] != '\0')
		pc->ready = READY_LOG;
	else {
		snprintf(err, len, "\"%s\" is not a readiness check; expected"
		    " none, notify, exec:CMD, tcp:[HOST:]PORT or log:REGEX", v);
		return -1;
	}
	return 0;
}

/* rules = psd | supervisord: whose meaning the program lives by. */
static int
p_rules(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;

	(void)L;
	(void)k;
	if (strcmp(v, "psd") == 0)
		pc->sd_semantics = false;
	else if (strcmp(v, "supervisord") == 0)
		pc->sd_semantics = true;
	else {
		snprintf(err, len, "\"%s\" is not psd or supervisord", v);
		return -1;
	}
	return 0;
}

/* exit_codes = 0,2: the expected codes under rules = supervisord. */
static int
p_exit_codes(struct loader *L, void *t, const struct keydef *k,
    const char *v, char *err, size_t len)
{
	struct progconf *pc = t;
	char *copy = xstrdup(v), *tok, *save = NULL;
	long c;
	int n = 0;

	(void)L;
	(void)k;
	memset(pc->sd_exitcodes, 0, sizeof pc->sd_exitcodes);
	for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		if (parse_long(tok, 0, 255, &c) < 0) {
			snprintf(err, len, "\"%s\" is not an exit code from 0"
			    " to 255", tok);
			free(copy);
			return -1;
		}
		pc->sd_exitcodes[c / 8] |= (uint8_t)(1u << (c % 8));
		n++;
	}
	free(copy);
	if (n == 0) {
		snprintf(err, len, "no exit code given");
		return -1;
	}
	return 0;
}

/* kill_group = true | false | kill (only the SIGKILL goes to the group). */
static int
p_kill_group(struct loader *L, void *t, const struct keydef *k,
    const char *v, char *err, size_t len)
{
	struct progconf *pc = t;

	if (strcmp(v, "kill") == 0) {
		pc->kill_group = false;
		pc->sd_killasgroup = true;
		return 0;
	}
	if (p_bool(L, t, k, v, err, len) < 0) {
		snprintf(err, len, "\"%s\" is not true, false or kill", v);
		return -1;
	}
	pc->sd_killasgroup = pc->kill_group;
	return 0;
}

/* events = TYPE,...: the program is a supervisord event listener. */
static int
p_events(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;
	char *copy = xstrdup(v), *tok, *save = NULL;
	uint32_t bits;

	(void)L;
	(void)k;
	pc->evl_events = 0;
	for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		if (evl_subscription(tok, &bits) <= 0) {
			snprintf(err, len, "\"%s\" is not an event type psd"
			    " sends (PROCESS_STATE[_*], TICK[_5|_60|_3600],"
			    " EVENT)", tok);
			free(copy);
			return -1;
		}
		pc->evl_events |= bits;
	}
	free(copy);
	if (pc->evl_events == 0) {
		snprintf(err, len, "no event type given");
		return -1;
	}
	return 0;
}

/* listen: words, each an address psd can bind (checked now). */
static int
p_listen(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;
	struct listen_addr *seen;
	char **w;
	int n, i, j;

	(void)k;
	if (words_split(v, &w, &n, err, len) < 0)
		return -1;
	if (n == 0) {
		words_free(w);
		snprintf(err, len, "no address; expected tcp:HOST:PORT,"
		    " tcp6:[ADDR]:PORT, udp:HOST:PORT or unix:PATH");
		return -1;
	}
	seen = xcalloc((size_t)n, sizeof *seen);
	for (i = 0; i < n; i++) {
		if (listen_parse(w[i], &seen[i], err, len) < 0)
			goto fail;
		for (j = 0; j < i; j++)
			if (listen_same(&seen[i], &seen[j])) {
				snprintf(err, len, "\"%s\" is listed twice",
				    w[i]);
				goto fail;
			}
	}
	free(seen);
	pc->listen = w;
	pc->nlisten = n;
	pc->listen_line = L->line;
	return 0;
fail:
	free(seen);
	words_free(w);
	return -1;
}

/* start: now (at psd's start, as autostart says) or on_demand. */
static int
p_start(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;

	(void)L;
	(void)k;
	if (strcmp(v, "now") == 0)
		pc->on_demand = false;
	else if (strcmp(v, "on_demand") == 0)
		pc->on_demand = true;
	else {
		snprintf(err, len, "\"%s\" is not a start mode; expected now"
		    " or on_demand", v);
		return -1;
	}
	return 0;
}

/* A plain string kept as given (events_pool, events_server). */
static int
p_string(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	char **f = FIELD(char *, t, k->off);

	(void)L;
	if (*v == '\0' || strpbrk(v, " \t:") != NULL) {
		snprintf(err, len, "\"%s\" is not a name (no spaces or ':')",
		    v);
		return -1;
	}
	free(*f);
	*f = xstrdup(v);
	return 0;
}

/* A value kept as text until instances are made (RAW_*). */
static int
p_raw(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	(void)L;
	(void)t;
	(void)k;
	if (*v == '\0' && k->raw == RAW_COMMAND) {
		snprintf(err, len, "empty command");
		return -1;
	}
	return 0;
}

static const struct keydef program_keys[] = {
	{ "command",		p_raw,		0, 0, 0, RAW_COMMAND },
	{ "shell",		p_bool,		PC(shell), 0, 0, -1 },
	{ "directory",		p_raw,		0, 0, 0, RAW_DIRECTORY },
	{ "environment",	p_raw,		0, 0, 0, RAW_ENVIRONMENT },
	{ "user",		p_user,		0, 0, 0, -1 },
	{ "group",		p_group,	0, 0, 0, -1 },
	{ "nice",		p_nice,		PC(nice), -20, 19, -1 },
	{ "umask",		p_octal,	PC(umask), 0, 0777, -1 },
	{ "limit_nofile",	p_limit,	0, RLIMIT_NOFILE, 0, -1 },
	{ "limit_nproc",	p_limit,	0, RLIMIT_NPROC, 0, -1 },
	{ "limit_core",		p_limit,	0, RLIMIT_CORE, 0, -1 },
	{ "limit_as",		p_limit,	0, RLIMIT_AS, 0, -1 },
	{ "limit_memlock",	p_limit,	0, RLIMIT_MEMLOCK, 0, -1 },
	{ "limit_stack",	p_limit,	0, RLIMIT_STACK, 0, -1 },
	{ "limit_cpu",		p_limit,	0, RLIMIT_CPU, 0, -1 },
	{ "limit_fsize",	p_limit,	0, RLIMIT_FSIZE, 0, -1 },
	{ "limit_data",		p_limit,	0, RLIMIT_DATA, 0, -1 },
	{ "daemon",		p_bool,		PC(daemon), 0, 0, -1 },
	{ "essential",		p_bool,		PC(essential), 0, 0, -1 },
	{ "autostart",		p_bool,		PC(autostart), 0, 0, -1 },
	{ "detach",		p_bool,		PC(detach), 0, 0, -1 },
	{ "kill_group",		p_kill_group,	PC(kill_group), 0, 0, -1 },
	{ "rules",		p_rules,	0, 0, 0, -1 },
	{ "exit_codes",		p_exit_codes,	0, 0, 0, -1 },
	{ "events",		p_events,	0, 0, 0, -1 },
	{ "events_pool",	p_string,	PC(evl_pool), 0, 0, -1 },
	{ "events_buffer",	p_int,		PC(evl_buffer), 1, 100000, -1 },
	{ "events_server",	p_string,	PC(evl_server), 0, 0, -1 },
	{ "restart",		p_restart,	PC(restart), 0, 0, -1 },
	{ "restart_delay",	p_duration,	PC(restart_delay), 0, 0, -1 },
	{ "restart_delay_max",	p_duration,	PC(restart_delay_max), 0, 0, -1 },
	{ "start_seconds",	p_duration,	PC(start_seconds), 0, 0, -1 },
	{ "start_retries",	p_retries,	PC(start_retries), 0, 1000000, -1 },
	{ "stop_signal",	p_signal,	PC(stop_signal), 0, 0, -1 },
	{ "stop_timeout",	p_duration,	PC(stop_timeout), 0, 0, -1 },
	{ "instances",		p_int,		PC(ninstances), 1, 10000, -1 },
	{ "depends_on",		p_depends,	0, 0, 0, -1 },
	{ "on_exit",		p_raw,		0, 0, 0, RAW_ON_EXIT },
	{ "on_fatal",		p_raw,		0, 0, 0, RAW_ON_FATAL },
	{ "ready",		p_ready,	0, 0, 0, RAW_READY },
	{ "ready_timeout",	p_duration,	PC(ready_timeout), 0, 0, -1 },
	{ "ready_interval",	p_duration,	PC(ready_interval), 0, 0, -1 },
	{ "watchdog",		p_duration,	PC(watchdog), 0, 0, -1 },
	{ "watchdog_signal",	p_signal,	PC(watchdog_signal), 0, 0, -1 },
	{ "stdout",		p_output,	PC(out), 0, 0, RAW_STDOUT },
	{ "stderr",		p_output,	PC(err), 0, 0, RAW_STDERR },
	{ "log_max_size",	p_size,		PC(log_max_size), 0, 0, -1 },
	{ "log_backups",	p_int,		PC(log_backups), 0, 1000, -1 },
	{ "tty",		p_bool,		PC(tty), 0, 0, -1 },
	{ "listen",		p_listen,	0, 0, 0, -1 },
	{ "backlog",		p_int,		PC(backlog), 1, 65535, -1 },
	{ "socket_mode",	p_octal,	PC(socket_mode), 0, 0777, -1 },
	{ "socket_user",	p_socket_user,	0, 0, 0, -1 },
	{ "socket_group",	p_socket_group,	0, 0, 0, -1 },
	{ "accept",		p_bool,		PC(accept), 0, 0, -1 },
	{ "max_connections",	p_int,		PC(max_connections), 1, 100000, -1 },
	{ "start",		p_start,	0, 0, 0, -1 },
};

/* [psd] keys that need more than a field. */
static int
p_loglevel(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	int lvl = log_level_from_name(v);

	(void)L;
	if (lvl < 0) {
		snprintf(err, len, "\"%s\" is not a log level; expected error,"
		    " warn, info, debug or trace", v);
		return -1;
	}
	*FIELD(int, t, k->off) = lvl;
	return 0;
}

static int
p_logstream(struct loader *L, void *t, const struct keydef *k,
    const char *v, char *err, size_t len)
{
	(void)L;
	if (strcmp(v, "split") != 0 && strcmp(v, "stdout") != 0) {
		snprintf(err, len, "\"%s\" is not a log stream; expected split"
		    " (stderr lines to stderr) or stdout (all to stdout)", v);
		return -1;
	}
	*FIELD(bool, t, k->off) = strcmp(v, "stdout") == 0;
	return 0;
}

static int
p_color(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	(void)L;
	if (strcmp(v, "auto") == 0)
		*FIELD(int, t, k->off) = -1;
	else if (strcmp(v, "always") == 0)
		*FIELD(int, t, k->off) = 1;
	else if (strcmp(v, "never") == 0)
		*FIELD(int, t, k->off) = 0;
	else {
		snprintf(err, len, "\"%s\" is not a colour setting; expected"
		    " auto, always or never", v);
		return -1;
	}
	return 0;
}

static int
p_sockgroup(struct loader *L, void *t, const struct keydef *k,
    const char *v, char *err, size_t len)
{
	struct config *cfg = t;

	(void)L;
	(void)k;
	if (p_gid(v, &cfg->socket_gid, &cfg->socket_group) < 0) {
		snprintf(err, len, "no such group \"%s\"", v);
		return -1;
	}
	cfg->has_socket_group = true;
	return 0;
}

static int
p_include(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	char **pats;
	int n;

	(void)t;
	(void)k;
	if (words_split(v, &pats, &n, err, len) < 0)
		return -1;
	config_include(L, pats, n);
	words_free(pats);
	return 0;
}

/* [psd] http: made into a program once the programs are known. */
static int
p_http(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	(void)t;
	(void)k;
	(void)err;
	(void)len;
	free(L->psd.http);
	L->psd.http = xstrdup(v);
	L->psd.http_line = L->line;
	L->psd.http_file = L->file;
	return 0;
}

/* Kept raw: expanded when the [psd] section is finished. */
static int
p_psdraw(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct rawpsd *r = &L->psd;
	char **slot = k->lo == 0 ? &r->socket : k->lo == 1 ? &r->pidfile :
	    &r->environment;

	(void)t;
	(void)err;
	(void)len;
	free(*slot);
	*slot = xstrdup(v);
	if (k->lo == 0) {
		r->socket_here = L->here;
		r->socket_line = L->line;
		r->socket_file = L->file;
	} else if (k->lo == 1) {
		r->pidfile_here = L->here;
		r->pidfile_line = L->line;
		r->pidfile_file = L->file;
	} else {
		r->env_here = L->here;
		r->env_line = L->line;
		r->env_file = L->file;
	}
	return 0;
}

static const struct keydef psd_keys[] = {
	{ "socket",		p_psdraw,	0, 0, 0, -1 },
	{ "socket_mode",	p_octal,	CF(socket_mode), 0, 0777, -1 },
	{ "socket_group",	p_sockgroup,	0, 0, 0, -1 },
	{ "socket_readonly",	p_bool,		CF(socket_readonly), 0, 0, -1 },
	{ "shutdown_timeout",	p_duration,	CF(shutdown_timeout), 0, 0, -1 },
	{ "grace",		p_duration,	CF(grace), 0, 0, -1 },
	{ "log_level",		p_loglevel,	CF(log_level), 0, 0, -1 },
	{ "log_stream",		p_logstream,	CF(log_stream_merged), 0, 0, -1 },
	{ "log_timestamps",	p_bool,		CF(log_timestamps), 0, 0, -1 },
	{ "log_color",		p_color,	CF(log_color), 0, 0, -1 },
	{ "pidfile",		p_psdraw,	0, 1, 0, -1 },
	{ "environment",	p_psdraw,	0, 2, 0, -1 },
	{ "include",		p_include,	0, 0, 0, -1 },
	{ "http",		p_http,		0, 0, 0, -1 },
};

/* supervisord's names, and what psd calls them. */
static const struct {
	const char	*theirs, *ours;
} supervisord_keys[] = {
	{ "autorestart", "restart" }, { "startsecs", "start_seconds" },
	{ "startretries", "start_retries" }, { "stopsignal", "stop_signal" },
	{ "stopwaitsecs", "stop_timeout" }, { "numprocs", "instances" },
	{ "stdout_logfile", "stdout = file:PATH" },
	{ "stderr_logfile", "stderr = file:PATH" },
	{ "redirect_stderr", "stderr = stdout" },
	{ "stopasgroup", "kill_group" }, { "killasgroup", "kill_group" },
	{ "priority", "depends_on" },
	{ "exitcodes", "exit_codes (with rules = supervisord)" },
	{ "process_name", "instances (names are NAME:N)" },
	{ "stdout_logfile_maxbytes", "log_max_size" },
	{ "stdout_logfile_backups", "log_backups" },
};

int
keys_count(int section)
{
	return section == SEC_PSD ? (int)nitems(psd_keys) :
	    (int)nitems(program_keys);
}

int
keys_index(int section, const char *name)
{
	const struct keydef *keys = section == SEC_PSD ? psd_keys : program_keys;
	int i;

	for (i = 0; i < keys_count(section); i++)
		if (strcmp(keys[i].name, name) == 0)
			return i;
	return -1;
}

const char *
keys_hint(int section, const char *key, char *buf, size_t len)
{
	const struct keydef *keys = section == SEC_PSD ? psd_keys : program_keys;
	int n = keys_count(section), i, d, best = 3, bi = -1;
	size_t kl = strlen(key);

	for (i = 0; i < (int)nitems(supervisord_keys); i++)
		if (section == SEC_PROGRAM &&
		    strcmp(key, supervisord_keys[i].theirs) == 0) {
			snprintf(buf, len, "psd calls it %s",
			    supervisord_keys[i].ours);
			return buf;
		}
	for (i = 0; i < n; i++) {
		d = edit_distance(key, keys[i].name);
		if (kl >= 3 && strncmp(keys[i].name, key, kl) == 0)
			d = 1;
		if (d < best) {
			best = d;
			bi = i;
		}
	}
	if (bi < 0 || (best == 2 && kl <= 4))
		return NULL;
	snprintf(buf, len, "did you mean \"%s\"?", keys[bi].name);
	return buf;
}

/* Find, check for duplicates, parse; errors name FILE:LINE: [sec] key. */
static void
keys_apply(struct loader *L, int section, const struct keydef *keys, int n,
    void *target, int *key_line, const char **key_file, const char *secname,
    const char *key, const char *value)
{
	char err[512], hint[256];
	const char *h;
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i].name, key) == 0)
			break;
	if (i == n) {
		h = keys_hint(section, key, hint, sizeof hint);
		cerr(L, L->file, L->line, secname, key, "unknown key%s%s",
		    h ? "; " : "", h ? h : "");
		/* It may be the misspelt command: "missing" would repeat. */
		if (section == SEC_PROGRAM && L->cur != NULL)
			L->cur->dropped = true;
		return;
	}
	if (key_line[i] != 0) {
		if (key_file != NULL && key_file[i] != L->file)
			cerr(L, L->file, L->line, secname, key, "duplicate key"
			    " (first set at %s:%d)", key_file[i], key_line[i]);
		else
			cerr(L, L->file, L->line, secname, key, "duplicate key"
			    " (first set at line %d)", key_line[i]);
		return;
	}
	key_line[i] = L->line;
	if (key_file != NULL && i < 64)
		key_file[i] = L->file;
	if (keys[i].parse(L, target, &keys[i], value, err, sizeof err) < 0) {
		cerr(L, L->file, L->line, secname, key, "%s", err);
		return;
	}
	if (keys[i].raw >= 0 && L->cur != NULL && section == SEC_PROGRAM) {
		L->cur->raw[keys[i].raw] = xstrdup(value);
		L->cur->raw_line[keys[i].raw] = L->line;
	}
}

void
keys_program(struct loader *L, const char *key, const char *value)
{
	char sec[128];

	snprintf(sec, sizeof sec, "program:%s", L->cur->pc->base);
	keys_apply(L, SEC_PROGRAM, program_keys, (int)nitems(program_keys),
	    L->cur->pc, L->cur->key_line, NULL, sec, key, value);
}

void
keys_psd(struct loader *L, const char *key, const char *value)
{
	keys_apply(L, SEC_PSD, psd_keys, (int)nitems(psd_keys), L->cfg,
	    L->psd.key_line, L->psd.key_file, "psd", key, value);
}
