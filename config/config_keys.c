/*
 * config_keys.c: every key of [psd] and [program:NAME], in one table each,
 * with the parser that checks its value.
 */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "config_int.h"
#include "config_words.h"
#include "duration.h"
#include "log.h"
#include "signame.h"
#include "util.h"
#include "xmalloc.h"

struct keydef;
typedef int (*parse_fn)(struct loader *, void *, const struct keydef *,
    const char *, char *, size_t);

struct keydef {
	const char	*name;
	parse_fn	 parse;
	size_t		 off;		/* into struct progconf / config */
	long		 lo, hi;	/* ranges; rlimit resource */
	int		 raw;		/* RAW_* kept for expansion, or -1 */
};

#define PC(f)	offsetof(struct progconf, f)
#define CF(f)	offsetof(struct config, f)
#define FIELD(T, base, off)	((T *)((char *)(base) + (off)))

/* true/false/yes/no/on/off/1/0 */
static int
p_bool(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t i;

	(void)L;
	for (i = 0; i < nitems(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*FIELD(bool, t, k->off) = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*FIELD(bool, t, k->off) = false;
			return 0;
		}
	}
	snprintf(err, len, "\"%s\" is not a boolean; expected true or false",
	    v);
	return -1;
}

static int
p_duration(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	(void)L;
	if (duration_parse(v, FIELD(int64_t, t, k->off)) < 0) {
		snprintf(err, len, "\"%s\" is not a duration; expected a"
		    " number with ms, s or m (500ms, 10s, 2m)", v);
		return -1;
	}
	return 0;
}

static int
p_int(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	long n;

	(void)L;
	if (parse_long(v, k->lo, k->hi, &n) < 0) {
		snprintf(err, len, "\"%s\" is not a whole number from %ld to"
		    " %ld", v, k->lo, k->hi);
		return -1;
	}
	*FIELD(int, t, k->off) = (int)n;
	return 0;
}

/* nice: an int, and has_nice set */
static int
p_nice(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	if (p_int(L, t, k, v, err, len) < 0)
		return -1;
	((struct progconf *)t)->has_nice = true;
	return 0;
}

static int
p_octal(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	char *end;
	long n;

	(void)L;
	errno = 0;
	n = strtol(v, &end, 8);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < k->lo ||
	    n > k->hi) {
		snprintf(err, len, "\"%s\" is not an octal mode like %s", v,
		    k->hi == 0777 && k->off == PC(umask) ? "022" : "0660");
		return -1;
	}
	*FIELD(mode_t, t, k->off) = (mode_t)n;
	if (k->off == PC(umask))
		((struct progconf *)t)->has_umask = true;
	return 0;
}

static int
p_signal(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	int sig = sig_parse(v, 0);

	(void)L;
	if (sig <= 0 || sig == SIGSTOP) {
		snprintf(err, len, "\"%s\" is not a signal psd can send; expected"
		    " a name like TERM or a number", v);
		return -1;
	}
	*FIELD(int, t, k->off) = sig;
	return 0;
}

static int
p_restart(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	enum restart_mode *m = FIELD(enum restart_mode, t, k->off);

	(void)L;
	if (strcmp(v, "always") == 0)
		*m = RESTART_ALWAYS;
	else if (strcmp(v, "on-failure") == 0)
		*m = RESTART_ON_FAILURE;
	else if (strcmp(v, "never") == 0)
		*m = RESTART_NEVER;
	else {
		snprintf(err, len, "\"%s\" is not a restart policy; expected"
		    " always, on-failure or never", v);
		return -1;
	}
	return 0;
}

static int
p_retries(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	if (strcmp(v, "infinite") == 0) {
		*FIELD(int, t, k->off) = -1;
		return 0;
	}
	if (p_int(L, t, k, v, err, len) < 0) {
		snprintf(err, len, "\"%s\" is not a number of retries; expected"
		    " 0 to %ld, or infinite", v, k->hi);
		return -1;
	}
	return 0;
}

static int
p_user(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;
	struct passwd *pw;
	gid_t groups[256];
	int ng = (int)nitems(groups);
	long n;

	(void)L;
	(void)k;
	errno = 0;
	pw = parse_long(v, 0, INT_MAX, &n) == 0 ? getpwuid((uid_t)n) :
	    getpwnam(v);
	if (pw == NULL) {
		snprintf(err, len, "no such user \"%s\"", v);
		return -1;
	}
	free(pc->user);
	pc->user = xstrdup(pw->pw_name);
	pc->has_user = true;
	pc->uid = pw->pw_uid;
	if (!pc->has_group)
		pc->gid = pw->pw_gid;
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &ng) < 0)
		ng = (int)nitems(groups);
	free(pc->groups);
	pc->groups = xcalloc((size_t)ng + 1, sizeof *pc->groups);
	memcpy(pc->groups, groups, (size_t)ng * sizeof *groups);
	pc->ngroups = ng;
	return 0;
}

/* A group by name or number; *gid filled. */
static int
p_gid(const char *v, gid_t *gid, char **name)
{
	struct group *gr;
	long n;

	gr = parse_long(v, 0, INT_MAX, &n) == 0 ? getgrgid((gid_t)n) :
	    getgrnam(v);
	if (gr == NULL)
		return -1;
	*gid = gr->gr_gid;
	free(*name);
	*name = xstrdup(gr->gr_name);
	return 0;
}

static int
p_group(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;

	(void)L;
	(void)k;
	if (p_gid(v, &pc->gid, &pc->group) < 0) {
		snprintf(err, len, "no such group \"%s\"", v);
		return -1;
	}
	pc->has_group = true;
	return 0;
}

/* One rlimit value: a number or infinity. */
static int
p_rlim(const char *v, rlim_t *r)
{
	char *end;
	unsigned long long n;

	if (strcmp(v, "infinity") == 0 || strcmp(v, "unlimited") == 0) {
		*r = RLIM_INFINITY;
		return 0;
	}
	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (*end != '\0' || errno != 0)
		return -1;
	*r = (rlim_t)n;
	return 0;
}

/* limit_X = N | infinity | SOFT:HARD */
static int
p_limit(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;
	struct rlimit rl;
	char buf[128], *colon;
	int i;

	(void)L;
	snprintf(buf, sizeof buf, "%s", v);
	colon = strchr(buf, ':');
	if (colon != NULL)
		*colon++ = '\0';
	if (p_rlim(buf, &rl.rlim_cur) < 0 ||
	    p_rlim(colon != NULL ? colon : buf, &rl.rlim_max) < 0 ||
	    (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)) {
		snprintf(err, len, "\"%s\" is not a limit; expected N, infinity,"
		    " or SOFT:HARD with SOFT <= HARD", v);
		return -1;
	}
	for (i = 0; i < pc->nrlimits; i++)
		if (pc->rlimits[i].resource == (int)k->lo)
			break;
	if (i == pc->nrlimits) {
		if (pc->nrlimits == PROGCONF_MAX_RLIMITS)
			return 0;
		pc->nrlimits++;
	}
	pc->rlimits[i].resource = (int)k->lo;
	pc->rlimits[i].lim = rl;
	return 0;
}

/* "10MB", "1GiB", "4096" */
static int
p_size(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	static const struct { const char *s; int64_t m; } units[] = {
		{ "", 1 }, { "B", 1 }, { "K", 1024 }, { "KiB", 1024 },
		{ "kB", 1000 }, { "KB", 1000 }, { "M", 1 << 20 },
		{ "MiB", 1 << 20 }, { "MB", 1000000 }, { "G", 1 << 30 },
		{ "GiB", 1 << 30 }, { "GB", 1000000000 },
	};
	char *end;
	long long n;
	size_t i;

	(void)L;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (isdigit((unsigned char)*v) && errno == 0 && n >= 0)
		for (i = 0; i < nitems(units); i++)
			if (strcmp(end, units[i].s) == 0 &&
			    n <= INT64_MAX / units[i].m) {
				*FIELD(int64_t, t, k->off) = n * units[i].m;
				return 0;
			}
	snprintf(err, len, "\"%s\" is not a size; expected bytes, or a number"
	    " with K, M or G (10M, 1GiB)", v);
	return -1;
}

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
	{ "kill_group",		p_bool,		PC(kill_group), 0, 0, -1 },
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
	{ "priority", "depends_on" }, { "exitcodes", "restart = on-failure" },
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
