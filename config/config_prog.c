/*
 * config_prog.c: make, copy, compare and free configs and programs.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "xmalloc.h"

static const char *const restart_names[] = { "never", "on-failure", "always" };
static const char *const ready_names[] = { "none", "notify", "exec", "tcp",
    "log" };
static const char *const output_names[] = { "log", "inherit", "null", "file",
    "stdout" };

const char *
restart_mode_name(enum restart_mode m)
{
	return (unsigned int)m < 3 ? restart_names[m] : "?";
}

const char *
ready_kind_name(enum ready_kind k)
{
	return (unsigned int)k < 5 ? ready_names[k] : "?";
}

const char *
output_kind_name(enum output_kind k)
{
	return (unsigned int)k < 5 ? output_names[k] : "?";
}

struct config *
config_new(void)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);

	cfg->socket_mode = 0600;
	cfg->grace = -1;
	cfg->log_level = -1;
	cfg->log_color = -1;
	return cfg;
}

struct progconf *
progconf_new(const char *name, char *const argv[])
{
	struct progconf *pc = xcalloc(1, sizeof *pc);
	size_t len = 0;
	int n = 0, i;

	pc->name = xstrdup(name);
	pc->base = xstrdup(name);
	pc->ninstances = 1;
	pc->autostart = true;
	pc->kill_group = true;
	pc->restart = RESTART_ON_FAILURE;
	pc->restart_delay = 1000;
	pc->restart_delay_max = 60000;
	pc->start_seconds = 1000;
	pc->start_retries = 3;
	pc->stop_signal = SIGTERM;
	pc->stop_timeout = 10000;
	pc->ready_timeout = 90000;
	pc->ready_interval = 1000;
	pc->watchdog_signal = SIGABRT;
	pc->log_backups = 5;
	pc->out.kind = OUTPUT_LOG;
	pc->err.kind = OUTPUT_LOG;
	pc->backlog = 4096;
	pc->max_connections = 64;
	if (argv == NULL)
		return pc;
	while (argv[n] != NULL)
		len += strlen(argv[n++]) + 1;
	pc->argv = xcalloc((size_t)n + 1, sizeof *pc->argv);
	pc->command = xcalloc(len + 1, 1);
	for (i = 0; i < n; i++) {
		pc->argv[i] = xstrdup(argv[i]);
		if (i > 0)
			strcat(pc->command, " ");
		strcat(pc->command, argv[i]);
	}
	return pc;
}

static void
strv_free(char **v)
{
	char **p;

	for (p = v; p != NULL && *p != NULL; p++)
		free(*p);
	free(v);
}

static char **
strv_dup(char **v)
{
	char **r;
	int n = 0, i;

	if (v == NULL)
		return NULL;
	while (v[n] != NULL)
		n++;
	r = xcalloc((size_t)n + 1, sizeof *r);
	for (i = 0; i < n; i++)
		r[i] = xstrdup(v[i]);
	return r;
}

static char *
str_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
progconf_free(struct progconf *pc)
{
	if (pc == NULL)
		return;
	free(pc->name);
	free(pc->base);
	free(pc->file);
	free(pc->command);
	strv_free(pc->argv);
	free(pc->directory);
	strv_free(pc->environment);
	free(pc->user);
	free(pc->group);
	free(pc->groups);
	free(pc->rlimits);
	strv_free(pc->depends_on);
	free(pc->on_exit);
	free(pc->on_fatal);
	free(pc->ready_arg);
	free(pc->out.path);
	free(pc->err.path);
	free(pc->evl_pool);
	free(pc->evl_server);
	strv_free(pc->listen);
	free(pc);
}

/* A deep copy (instances start as copies of their section). */
struct progconf *
progconf_clone(const struct progconf *src)
{
	struct progconf *pc = xmalloc(sizeof *pc);

	*pc = *src;
	pc->name = str_dup(src->name);
	pc->base = str_dup(src->base);
	pc->file = str_dup(src->file);
	pc->command = str_dup(src->command);
	pc->argv = strv_dup(src->argv);
	pc->directory = str_dup(src->directory);
	pc->environment = strv_dup(src->environment);
	pc->user = str_dup(src->user);
	pc->group = str_dup(src->group);
	if (src->groups != NULL) {
		pc->groups = xcalloc((size_t)src->ngroups + 1, sizeof *pc->groups);
		memcpy(pc->groups, src->groups,
		    (size_t)src->ngroups * sizeof *pc->groups);
	}
	if (src->rlimits != NULL) {
		pc->rlimits = xcalloc((size_t)src->nrlimits, sizeof *pc->rlimits);
		memcpy(pc->rlimits, src->rlimits,
		    (size_t)src->nrlimits * sizeof *pc->rlimits);
	}
	pc->depends_on = strv_dup(src->depends_on);
	pc->on_exit = str_dup(src->on_exit);
	pc->on_fatal = str_dup(src->on_fatal);
	pc->ready_arg = str_dup(src->ready_arg);
	pc->out.path = str_dup(src->out.path);
	pc->err.path = str_dup(src->err.path);
	pc->evl_pool = str_dup(src->evl_pool);
	pc->evl_server = str_dup(src->evl_server);
	pc->listen = strv_dup(src->listen);
	return pc;
}

void
config_add_program(struct config *cfg, struct progconf *pc)
{
	cfg->progs = xreallocarray(cfg->progs, (size_t)cfg->nprogs + 1,
	    sizeof *cfg->progs);
	cfg->progs[cfg->nprogs++] = pc;
}

struct progconf *
config_find(const struct config *cfg, const char *name)
{
	int i;

	for (i = 0; i < cfg->nprogs; i++)
		if (strcmp(cfg->progs[i]->name, name) == 0)
			return cfg->progs[i];
	return NULL;
}

void
config_default_directory(struct config *cfg, const char *dir)
{
	int i;

	if (dir == NULL || strcmp(dir, "/") == 0)
		return;
	for (i = 0; i < cfg->nprogs; i++)
		if (cfg->progs[i]->directory == NULL)
			cfg->progs[i]->directory = xstrdup(dir);
	for (i = 0; i < cfg->npools; i++)
		if (cfg->pools[i]->pc->directory == NULL)
			cfg->pools[i]->pc->directory = xstrdup(dir);
}

/* A pool owns a progconf; freed here so config_pool.c may build on
 * config_prog.c without this file calling back into it. */
void
poolconf_free(struct poolconf *pl)
{
	if (pl == NULL)
		return;
	free(pl->name);
	free(pl->file);
	free(pl->on_done);
	progconf_free(pl->pc);
	free(pl);
}

void
config_free(struct config *cfg)
{
	int i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->nprogs; i++)
		progconf_free(cfg->progs[i]);
	free(cfg->progs);
	for (i = 0; i < cfg->npools; i++)
		poolconf_free(cfg->pools[i]);
	free(cfg->pools);
	for (i = 0; i < cfg->nfiles; i++)
		free(cfg->files[i]);
	free(cfg->files);
	free(cfg->path);
	free(cfg->abspath);
	free(cfg->socket);
	free(cfg->socket_group);
	free(cfg->pidfile);
	strv_free(cfg->environment);
	for (i = 0; i < cfg->nwarnings; i++)
		free(cfg->warnings[i]);
	free(cfg->warnings);
	free(cfg);
}

static bool
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
strv_eq(char **a, char **b)
{
	if (a == NULL || b == NULL)
		return a == b;
	for (; *a != NULL && *b != NULL; a++, b++)
		if (strcmp(*a, *b) != 0)
			return false;
	return *a == NULL && *b == NULL;
}

/*
 * Would b start a process differently from a?  Everything the child is
 * made of (command, environment, user, limits, stdio) and what psd sets
 * up around it (readiness, watchdog, daemon's pdeathsig, detach).
 */
bool
progconf_needs_restart(const struct progconf *a, const struct progconf *b)
{
	int i;

	/* What would start: the words, not the text they came from. */
	if (!strv_eq(a->argv, b->argv) ||
	    a->shell != b->shell || !str_eq(a->directory, b->directory) ||
	    !strv_eq(a->environment, b->environment) ||
	    a->has_user != b->has_user || a->uid != b->uid ||
	    a->gid != b->gid || a->has_group != b->has_group ||
	    a->ngroups != b->ngroups || a->has_nice != b->has_nice ||
	    a->nice != b->nice || a->has_umask != b->has_umask ||
	    a->umask != b->umask || a->nrlimits != b->nrlimits ||
	    a->daemon != b->daemon || a->detach != b->detach ||
	    a->instance != b->instance || a->ready != b->ready ||
	    !str_eq(a->ready_arg, b->ready_arg) ||
	    a->watchdog != b->watchdog ||
	    a->out.kind != b->out.kind || !str_eq(a->out.path, b->out.path) ||
	    a->err.kind != b->err.kind || !str_eq(a->err.path, b->err.path) ||
	    a->log_max_size != b->log_max_size ||
	    a->log_backups != b->log_backups || a->tty != b->tty ||
	    a->transparent != b->transparent ||
	    !strv_eq(a->listen, b->listen) || a->accept != b->accept ||
	    a->backlog != b->backlog || a->socket_mode != b->socket_mode ||
	    a->has_socket_mode != b->has_socket_mode ||
	    a->has_socket_user != b->has_socket_user ||
	    a->socket_uid != b->socket_uid ||
	    a->has_socket_group != b->has_socket_group ||
	    a->socket_gid != b->socket_gid)
		return true;
	for (i = 0; i < a->ngroups; i++)
		if (a->groups[i] != b->groups[i])
			return true;
	for (i = 0; i < a->nrlimits; i++)
		if (a->rlimits[i].resource != b->rlimits[i].resource ||
		    a->rlimits[i].lim.rlim_cur != b->rlimits[i].lim.rlim_cur ||
		    a->rlimits[i].lim.rlim_max != b->rlimits[i].lim.rlim_max)
			return true;
	return false;
}

/*
 * The settings psd applies itself, which a running process never sees
 * (and the text of command, shown by psctl status).
 */
static bool
progconf_policy_equal(const struct progconf *a, const struct progconf *b)
{
	return str_eq(a->command, b->command) &&
	    a->essential == b->essential && a->autostart == b->autostart &&
	    a->kill_group == b->kill_group && a->restart == b->restart &&
	    a->restart_delay == b->restart_delay &&
	    a->restart_delay_max == b->restart_delay_max &&
	    a->start_seconds == b->start_seconds &&
	    a->start_retries == b->start_retries &&
	    a->stop_signal == b->stop_signal &&
	    a->stop_timeout == b->stop_timeout &&
	    strv_eq(a->depends_on, b->depends_on) &&
	    str_eq(a->on_exit, b->on_exit) && str_eq(a->on_fatal, b->on_fatal) &&
	    a->ready_timeout == b->ready_timeout &&
	    a->ready_interval == b->ready_interval &&
	    a->watchdog_signal == b->watchdog_signal &&
	    a->sd_semantics == b->sd_semantics &&
	    a->sd_killasgroup == b->sd_killasgroup &&
	    memcmp(a->sd_exitcodes, b->sd_exitcodes,
	    sizeof a->sd_exitcodes) == 0 &&
	    str_eq(a->evl_pool, b->evl_pool) &&
	    a->evl_events == b->evl_events && a->evl_buffer == b->evl_buffer &&
	    a->max_connections == b->max_connections &&
	    a->on_demand == b->on_demand;
}

bool
progconf_equal(const struct progconf *a, const struct progconf *b)
{
	return !progconf_needs_restart(a, b) && progconf_policy_equal(a, b);
}
