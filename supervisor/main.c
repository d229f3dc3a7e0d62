/*
 * main.c: psd's start-up: options, config, the one loop, exit status.
 *
 * Every mode runs the same engine: single-command mode is a config with
 * one transparent program ("main"), pause mode a config with none.
 */
#include <errno.h>
#include <limits.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "accept.h"
#include "config.h"
#include "control.h"
#include "control_events.h"
#include "control_logs.h"
#include "lineage.h"
#include "daemonize.h"
#include "drain.h"
#include "duration.h"
#include "evlistener.h"
#include "hooks.h"
#include "log.h"
#include "loop.h"
#include "notify.h"
#include "options.h"
#include "output.h"
#include "persona.h"
#include "pidmap.h"
#include "pool_map.h"
#include "pool_run.h"
#include "procfile.h"
#include "program.h"
#include "readiness.h"
#include "roster.h"
#include "sdnotify.h"
#include "sigdispatch.h"
#include "signals.h"
#include "spawn.h"
#include "stats.h"
#include "sockets.h"
#include "sockpath.h"
#include "supervise.h"
#include "tty.h"
#include "util.h"
#include "wiring.h"
#include "xmalloc.h"

#define PSD_EXIT_FAILURE	1	/* psd could not set itself up */
#define PSD_EXIT_USAGE		2	/* bad command line or config */
#define PSD_EXIT_SOCKET		3	/* the control socket is taken */

/* At exit, how long psd waits for a slow reader of its output. */
#define PSD_OUTPUT_FLUSH_MS	5000
/* psd's own descriptor limit is raised up to this (pipes per program). */
#define PSD_NOFILE_MAX		524288

/* Print every config error, one line each, and exit 2. */
static void __attribute__((noreturn))
main_config_errors(struct config_errors *errs)
{
	int i;

	for (i = 0; i < errs->n; i++)
		log_errorx("%s", errs->msgs[i]);
	config_errors_free(errs);
	exit(PSD_EXIT_USAGE);
}

/* Let the demo find psd-zombies and friends beside psd itself. */
static void
main_demo_path(void)
{
	char exe[PATH_MAX], *slash, *path;
	ssize_t n;
	const char *old = getenv("PATH");

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';
	path = xasprintf("%s:%s", exe, old != NULL ? old :
	    "/usr/local/bin:/usr/bin:/bin");
	setenv("PATH", path, 1);
	free(path);
}

/* Hand the Procfile options to the loader (for reloads too). */
static void
main_procfile(const struct options *o)
{
	struct procfile_opts po;

	memset(&po, 0, sizeof po);
	po.envfiles = (char **)o->envfiles;
	po.nenvfiles = o->nenvfiles;
	po.formation = (char *)o->formation;
	po.port = o->port;
	po.restart = o->restart;
	po.force = o->procfile != NULL;
	procfile_configure(&po);
}

/* The demo's banner, with the socket psctl needs if it was chosen. */
static void
main_demo_banner(const struct options *o)
{
	const char *env = getenv("PSD_SOCKET");
	char buf[512];

	if (o->socket != NULL || (env != NULL && *env != '\0'))
		snprintf(buf, sizeof buf, "psctl -s %s",
		    o->socket != NULL ? o->socket : env);
	else
		snprintf(buf, sizeof buf, "psctl");
	config_demo_banner(stderr, buf);
}

/* Load -c FILE, --procfile FILE, --demo, or nothing. */
static struct config *
main_load(const struct options *o)
{
	struct config_errors errs = { NULL, 0 };
	struct config *cfg;

	if (o->demo) {
		main_demo_path();
		cfg = config_load_demo(&errs);
		if (cfg != NULL)
			main_demo_banner(o);
	} else if (o->config != NULL || o->procfile != NULL) {
		main_procfile(o);
		cfg = config_load_file(o->config != NULL ? o->config :
		    o->procfile, &errs);
	}
	else
		cfg = config_new();
	if (cfg == NULL)
		main_config_errors(&errs);
	for (int i = 0; i < cfg->nwarnings; i++)
		log_warnx("%s", cfg->warnings[i]);
	return cfg;
}

/* Bind every listen = before anything starts: an error starts nothing. */
static void
main_sockets(const struct config *cfg)
{
	char err[1024];

	sockets_init();
	accept_init();
	if (sockets_apply(cfg, err, sizeof err) < 0) {
		log_errorx("%s", err);
		exit(PSD_EXIT_USAGE);
	}
}

/* Add CMD as the transparent main program. */
static void
main_add_command(struct config *cfg, const struct options *o)
{
	struct progconf *pc;

	if (config_find(cfg, "main") != NULL)
		fatalx(PSD_EXIT_USAGE, "%s: a program is named \"main\", which"
		    " is reserved for the command given after --", cfg->path);
	pc = progconf_new("main", o->cmd);
	pc->transparent = true;
	pc->restart = RESTART_NEVER;
	pc->start_seconds = 0;
	pc->start_retries = 0;
	pc->out.kind = OUTPUT_INHERIT;
	pc->err.kind = OUTPUT_INHERIT;
	pc->kill_group = o->pgroup;
	pc->daemon = false;
	config_add_program(cfg, pc);
}

/*
 * psd pins no mount: it moves to /.  Programs without a directory keep
 * running where psd was started.
 */
static char *
main_chdir(struct config *cfg)
{
	char *cwd;

	cwd = getcwd(NULL, 0);
	config_default_directory(cfg, cwd);
	if (chdir("/") < 0)
		log_warn("chdir /");
	return cwd;
}

/*
 * Every program whose output psd carries costs psd a descriptor or two:
 * raise psd's soft limit to the hard one.  Programs get the limit psd was
 * given (spawn.c), as under systemd, unless they set limit_nofile.
 */
static void
main_nofile(void)
{
	struct rlimit rl, orig;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	orig = rl;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > PSD_NOFILE_MAX)
		rl.rlim_cur = PSD_NOFILE_MAX;
	else
		rl.rlim_cur = rl.rlim_max;
	if (rl.rlim_cur <= orig.rlim_cur)
		return;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
		log_debug("cannot raise the descriptor limit: %s",
		    strerror(errno));
		return;
	}
	spawn_set_nofile(&orig);
}

/* Become the reaper of orphans: PID 1 already is; otherwise a subreaper. */
static void
main_reaper(void)
{
	if (getpid() == 1)
		return;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		fatal(PSD_EXIT_FAILURE, "cannot become a child subreaper"
		    " (prctl PR_SET_CHILD_SUBREAPER), so orphans would escape"
		    " to the real init");
}

/* -p SIG: the kernel sends SIG when psd's parent dies. */
static void
main_pdeathsig(int sig, pid_t parent)
{
	if (sig == 0)
		return;
	if (prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) < 0)
		fatal(PSD_EXIT_FAILURE, "prctl PR_SET_PDEATHSIG");
	if (getppid() != parent)	/* it died before we asked */
		kill(getpid(), sig);
}

/*
 * Say so when shutdown_timeout cannot cover the stops one after another
 * along the longest dependency chain: the last programs would be killed.
 */
static void
main_stop_budget(const struct config *cfg)
{
	char chain[512], a[32], b[32];
	int64_t need;

	if (cfg->shutdown_timeout <= 0)
		return;
	need = config_stop_chain(cfg, chain, sizeof chain);
	if (need > cfg->shutdown_timeout)
		log_warnx("shutdown_timeout %s is shorter than the stop"
		    " timeouts along %s (%s): the last to stop may be killed",
		    duration_format(cfg->shutdown_timeout, a, sizeof a), chain,
		    duration_format(need, b, sizeof b));
}

/*
 * The control socket: always in config mode; in single-command and pause
 * mode only when asked (--socket or PSD_SOCKET), so that a drop-in for
 * tini never fights another psd over /run/psd.sock.
 */
static void
main_control(const struct options *o, const struct config *cfg, bool single)
{
	struct control_opts co;
	char buf[256], err[512];

	if (single && o->socket == NULL && getenv("PSD_SOCKET") == NULL)
		return;
	memset(&co, 0, sizeof co);
	co.path = sockpath_resolve(o->socket, cfg->socket, buf, sizeof buf);
	if (strcmp(co.path, "none") == 0)
		return;
	co.mode = cfg->socket_mode != 0 ? cfg->socket_mode : 0600;
	/* socket_group alone must let the group in: 0600 becomes 0660. */
	if (cfg->has_socket_group && (co.mode & 0070) == 0)
		co.mode |= (co.mode & 0700) >> 3;
	co.has_group = cfg->has_socket_group;
	co.gid = cfg->socket_gid;
	co.readonly_all = cfg->socket_readonly;
	if (control_open(&co, err, sizeof err) < 0)
		fatalx(PSD_EXIT_SOCKET, "%s", err);
	/* Programs (psd-http, psctl in a hook) find their psd by it. */
	if (!single && setenv("PSD_SOCKET", co.path, 1) < 0)
		log_warn("setenv PSD_SOCKET");
	control_logs_init();
}

/* The i-th program's output, and whether it counts for the name column. */
static struct program_output *
main_output_at(int i, bool *counts)
{
	struct program *p = roster_at(i);

	*counts = !p->removing;
	return &p->out;
}

/*
 * Loading the config and the first spawns free much of what they
 * allocated, in holes below the top of the heap that free() never gives
 * back: return those pages once, so psd keeps only what it uses (with
 * 1000 programs that is a quarter of its memory).
 */
static void
main_trim(void)
{
#ifdef HAVE_MALLOC_TRIM
	(void)malloc_trim(0);
#endif
}

static int
main_level(const struct options *o, const struct config *cfg, bool single)
{
	int level = single ? LOG_LVL_WARN : LOG_LVL_INFO;

	if (cfg->log_level >= 0)
		level = cfg->log_level;
	return level + o->verbose;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct supervise_opts so;
	struct config *cfg;
	char err[256], *pidpath = NULL;
	pid_t parent = getppid();
	bool single;
	int i, status;

	signals_install();
	stats_get()->started = clock_ms();
	stats_get()->started_wall = wallclock_ms();
	log_init("psd", LOG_LVL_WARN);
	if (persona_of(argv[0]) != PERSONA_PSD) {
		if ((i = persona_parse(persona_of(argv[0]), &o, argc, argv,
		    stdout, stderr)) >= 0)
			return i;
	} else if (options_parse(&o, argc, argv, err, sizeof err) != 0) {
		log_errorx("%s", err);
		fprintf(stderr, "Try 'psd --help'.\n");
		return PSD_EXIT_USAGE;
	}
	if (o.help) {
		options_usage(stdout);
		return 0;
	}
	if (o.version) {
		printf("psd %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (o.license) {
		fputs(persona_license, stdout);
		return 0;
	}

	cfg = main_load(&o);
	if (o.map)
		pool_map_config(cfg, o.cmd, o.ncmd, o.jobs, o.job_timeout);
	else if (o.ncmd > 0)
		main_add_command(cfg, &o);
	main_stop_budget(cfg);
	if (o.check) {
		if (o.print_config) {
			char why[512];

			if (config_print_native(cfg, stdout, why,
			    sizeof why) < 0) {
				fflush(stdout);
				fprintf(stderr, "psd: %s: %s\n", cfg->path, why);
				config_free(cfg);
				return 2;
			}
		} else
			config_print(cfg, stdout);
		config_free(cfg);
		return 0;
	}
	single = o.config == NULL && o.procfile == NULL && !o.demo;
	log_set_level(main_level(&o, cfg, single));

	memset(&so, 0, sizeof so);
	so.single = single;
	so.pgroup = o.pgroup;
	so.grace = o.grace >= 0 || o.grace == DRAIN_GRACE_TERM_ONLY ? o.grace :
	    cfg->grace >= 0 ? cfg->grace : 5000;
	so.main_spawn.setsid = o.setsid;
	memcpy(so.remap, o.remap, sizeof so.remap);

	if (o.pidfile != NULL && o.pidfile[0] != '/') {
		char *cwd = getcwd(NULL, 0);

		if (cwd != NULL)
			o.pidfile = pidpath = xasprintf("%s/%s", cwd, o.pidfile);
		free(cwd);
	}
	if (o.daemonize)
		daemonize_begin();
	so.start_dir = main_chdir(cfg);
	main_nofile();
	main_reaper();
	main_pdeathsig(o.pdeathsig, parent);

	loop_init();
	main_sockets(cfg);
	output_set_programs(main_output_at, roster_count);
	output_init(cfg);
	program_log_init();	/* first: a change is logged before it acts */
	readiness_init();
	hooks_init();
	evlistener_init(cfg);
	signals_init(sigdispatch_signal, sigdispatch_child);
	persona_apply(&o);
	so.main_spawn.tty = tty_init(o.setsid) && o.ncmd > 0 && !o.map;

	/* psd -- CMD stays transparent: CMD answers to psd's manager. */
	sdnotify_init(single && o.ncmd > 0 && !o.map);
	/* A single program owns every orphan: no cgroups for a tini. */
	if (!single)
		lineage_init((enum lineage_mode)o.attribution);
	supervise_init(cfg, &so);
	pool_run_init(getpid());
	pool_run_configure(cfg);
	/* -w: every orphan reaped is a warning; the demo shows them. */
	wiring_init(o.warn_reap, single || o.demo);
	main_control(&o, cfg, single);
	if (o.pidfile != NULL || cfg->pidfile != NULL)
		daemonize_pidfile(o.pidfile != NULL ? o.pidfile : cfg->pidfile);
	supervise_start();
	if (o.map && pool_map_start() < 0)
		fatalx(PSD_EXIT_USAGE, "--map: the command has too many words");
	main_trim();
	if (o.daemonize)
		daemonize_ready();
	loop_run();

	status = supervise_exit_status();
	output_finish(PSD_OUTPUT_FLUSH_MS);
	if (o.map)
		status = pool_map_status(status);
	log_debug("exiting with status %d", status);
	/* a shutdown, not a crash: followers of logs -f and events */
	conn_goodbye(PEND_FOLLOW, status);
	conn_goodbye(PEND_EVENTS, status);
	control_close();
	lineage_cleanup();
	daemonize_cleanup();
	evlistener_free();
	sockets_close_all();
	accept_free();
	supervise_free();	/* and every config */
	pool_run_free();
	notify_close();
	sdnotify_free();
	signals_free();
	pidmap_free();
	loop_free();
	free(pidpath);
	free(so.start_dir);
	return status;
}
