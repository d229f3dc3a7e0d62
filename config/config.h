/*
 * config.h: psd's configuration, loaded from INI files with inih.
 *
 * A struct config holds the [psd] settings and one struct progconf per
 * supervised program; a section with instances = N yields N progconfs
 * named "NAME:0" ... "NAME:N-1".  Everything is validated and resolved
 * (users, signals, durations, dependencies, %(...) expansion) before a
 * config is returned, so psd never starts half a config.
 *
 * All strings and arrays are owned by the config and freed by config_free.
 */
#ifndef PSD_CONFIG_H
#define PSD_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>

enum restart_mode {
	RESTART_NEVER,
	RESTART_ON_FAILURE,
	RESTART_ALWAYS,
};

enum output_kind {
	OUTPUT_LOG,		/* prefixed lines into psd's output */
	OUTPUT_INHERIT,		/* psd's own fd, zero copies */
	OUTPUT_NULL,		/* /dev/null */
	OUTPUT_FILE,		/* append to path */
	OUTPUT_STDOUT,		/* stderr only: merged into stdout */
};

enum ready_kind {
	READY_NONE,
	READY_NOTIFY,		/* sd_notify READY=1 */
	READY_EXEC,		/* arg: shell command, ready when it exits 0 */
	READY_TCP,		/* arg: "HOST:PORT" (HOST defaults to 127.0.0.1) */
	READY_LOG,		/* arg: extended regex matched against output */
};

struct output_conf {
	enum output_kind	 kind;
	char			*path;		/* OUTPUT_FILE */
};

struct rlimit_conf {
	int			 resource;	/* RLIMIT_* */
	struct rlimit		 lim;
};

#define PROGCONF_MAX_RLIMITS	16

struct progconf {
	char			*name;		/* "web", or "web:2" in a pool */
	char			*base;		/* section name: "web" */
	int			 instance;	/* 0 .. ninstances-1 */
	int			 ninstances;	/* instances = N (1 if unset) */
	bool			 pool;		/* instances set: named NAME:N */
	char			*file;		/* file of the [program:] line */
	int			 line;		/* line of the [program:] line */

	char			*command;	/* expanded command text */
	char			**argv;		/* words; shell: sh -c command */
	bool			 shell;
	char			*directory;	/* NULL: inherit psd's (or /) */
	char			**environment;	/* "K=V" list, NULL-terminated */
	int			 nenvironment;

	bool			 has_user;
	char			*user;
	uid_t			 uid;
	gid_t			 gid;		/* user's primary or group = */
	bool			 has_group;
	char			*group;
	gid_t			*groups;	/* supplementary (getgrouplist) */
	int			 ngroups;
	bool			 has_nice;
	int			 nice;
	bool			 has_umask;
	mode_t			 umask;
	struct rlimit_conf	*rlimits;	/* nrlimits of them, or NULL */
	int			 nrlimits;

	bool			 daemon;
	bool			 essential;
	bool			 autostart;
	bool			 detach;
	bool			 kill_group;
	enum restart_mode	 restart;
	int64_t			 restart_delay;		/* ms */
	int64_t			 restart_delay_max;	/* ms, backoff cap */
	int64_t			 start_seconds;		/* ms */
	int			 start_retries;		/* -1: infinite */
	int			 stop_signal;
	int64_t			 stop_timeout;		/* ms */

	char			**depends_on;	/* base names, NULL-terminated */
	int			 ndepends_on;

	char			*on_exit;	/* shell command or NULL */
	char			*on_fatal;

	enum ready_kind		 ready;
	char			*ready_arg;
	int64_t			 ready_timeout;		/* ms */
	int64_t			 ready_interval;	/* ms, exec/tcp probes */
	int64_t			 watchdog;		/* ms, 0: off */
	int			 watchdog_signal;

	struct output_conf	 out;		/* stdout */
	struct output_conf	 err;		/* stderr */
	int64_t			 log_max_size;	/* bytes, 0: no rotation */
	int			 log_backups;
	bool			 tty;

	/* Sockets psd holds for it (supervisor/sockets.c). */
	char			**listen;	/* words as written, NULL-terminated */
	int			 nlisten;
	int			 listen_line;	/* where listen = was set */
	int			 backlog;
	bool			 has_socket_mode;
	mode_t			 socket_mode;	/* unix sockets */
	bool			 has_socket_user;
	uid_t			 socket_uid;	/* unix sockets' owner */
	bool			 has_socket_group;
	gid_t			 socket_gid;	/* ... and group */
	bool			 accept;	/* one instance per connection */
	int			 max_connections;
	bool			 on_demand;	/* start = on_demand */

	/*
	 * supervisord's meaning, set by a supervisord.conf (policy.c): an
	 * exit code in sd_exitcodes is expected, anything else (a signal
	 * too) is not; an end before start_seconds is a failed start,
	 * retried after 1s, 2s, 3s ... up to start_retries, then FATAL;
	 * a restart after a run comes at once.
	 */
	bool			 sd_semantics;
	uint8_t			 sd_exitcodes[32];	/* bit per code */
	bool			 sd_killasgroup; /* SIGKILL to the group only */
	/* [eventlistener:x] (evlistener.c); evl_pool NULL: not one */
	char			*evl_pool;
	uint32_t		 evl_events;	/* EVL_EV_* bits (evproto.h) */
	int			 evl_buffer;	/* buffer_size */
	char			*evl_server;	/* [supervisord] identifier */

	/*
	 * Set only for the main program of single-command mode (built from
	 * argv, never from a file): the child keeps psd's inherited signal
	 * mask, ignored signals, fds >= 3 and environment.
	 */
	bool			 transparent;
};

/*
 * A [pool:NAME] section: one-shot jobs run `workers` at a time.  pc is
 * the template every job is spawned from (directory, environment, user,
 * group, umask, nice, limits, stop_signal, stop_timeout); its argv is
 * unused: each job brings its own words.
 */
struct poolconf {
	char			*name;
	char			*file;
	int			 line;
	struct progconf		*pc;
	int			 workers;	/* 0 in the file: the CPUs */
	int			 queue_max;
	int64_t			 job_timeout;	/* ms, 0: none */
	char			*on_done;	/* callback command, or NULL */
	int			 keep_results;
	bool			 keep_alive;	/* open and idle: psd stays */
};

#define POOL_DEFAULT_QUEUE_MAX	100000
#define POOL_DEFAULT_KEEP	1000

struct config {
	char			*path;		/* main file as given, or "<demo>" */
	char			*abspath;	/* the same, absolute (for reload) */
	char			**files;	/* every file read (includes) */
	int			 nfiles;

	char			*socket;	/* NULL: default rules */
	mode_t			 socket_mode;
	bool			 has_socket_group;
	char			*socket_group;
	gid_t			 socket_gid;
	bool			 socket_readonly;	/* read verbs for all */
	int64_t			 shutdown_timeout;	/* ms, 0: unbounded */
	int64_t			 grace;			/* ms, -1: not set */
	int			 log_level;		/* -1: not set */
	bool			 log_stream_merged;	/* log_stream = stdout */
	bool			 log_timestamps;
	int			 log_color;	/* -1 auto, 0 never, 1 always */
	char			*pidfile;
	char			**environment;	/* [psd] environment, all programs */
	int			 nenvironment;

	struct progconf		**progs;
	int			 nprogs;
	struct poolconf		**pools;
	int			 npools;

	char			**warnings;	/* "FILE:LINE: [sec] key: ..." */
	int			 nwarnings;
};

struct config_errors {
	char			**msgs;		/* "FILE:LINE: [sec] key: ..." */
	int			 n;
};

#define CONFIG_MAX_ERRORS	20

/* Load a file; NULL with errs filled if anything is wrong. */
struct config	*config_load_file(const char *path, struct config_errors *errs);
/* Load from memory; name labels errors, here is the %(here)s directory. */
struct config	*config_load_string(const char *name, const char *text,
		    const char *here, struct config_errors *errs);
void		 config_errors_free(struct config_errors *errs);
void		 config_free(struct config *cfg);

/* An empty config with every [psd] default (single-command/pause mode). */
struct config	*config_new(void);
/* A program with every default, not yet in a config; argv is copied. */
struct progconf	*progconf_new(const char *name, char *const argv[]);
/* Append a program (the config takes ownership). */
void		 config_add_program(struct config *cfg, struct progconf *pc);
void		 progconf_free(struct progconf *pc);
struct progconf	*progconf_clone(const struct progconf *pc);

struct progconf	*config_find(const struct config *cfg, const char *name);
/*
 * The longest chain of stop timeouts along depends_on (a dependent stops
 * before what it depends on), in ms; chain gets "web -> api -> db".
 */
int64_t		 config_stop_chain(const struct config *cfg, char *chain,
		    size_t len);
/* Programs without a directory run in dir (psd's own start directory). */
void		 config_default_directory(struct config *cfg, const char *dir);
/* True if every setting of two programs is the same (reload diff). */
bool		 progconf_equal(const struct progconf *a,
		    const struct progconf *b);
/*
 * True if b would start the process differently from a, so a reload must
 * restart it; other changes (restart policy, timeouts, dependencies,
 * hooks, the text of command when its words are the same) apply to the
 * running program as they are.
 */
bool		 progconf_needs_restart(const struct progconf *a,
		    const struct progconf *b);
/* A pool with every default (workers = the CPUs), not yet in a config. */
struct poolconf	*poolconf_new(const char *name);
void		 poolconf_free(struct poolconf *pl);
struct poolconf	*config_find_pool(const struct config *cfg, const char *name);
/* The embedded demonstration config (psd --demo). */
struct config	*config_load_demo(struct config_errors *errs);
/*
 * The demo's banner: what runs, what to look for, what to type in a
 * second terminal (psctl is "psctl" or "psctl -s PATH").
 */
void		 config_demo_banner(FILE *out, const char *psctl);

const char	*restart_mode_name(enum restart_mode m);
const char	*ready_kind_name(enum ready_kind k);
const char	*output_kind_name(enum output_kind k);

/* Print the resolved config, one program per block (psd --check). */
void		 config_print(const struct config *cfg, FILE *out);
/*
 * The same as a psd.ini that loads to the same programs (--print-config);
 * -1 with err set when a value cannot be written (a newline in it).
 */
int		 config_print_native(const struct config *cfg, FILE *out,
		    char *err, size_t errlen);

#endif
