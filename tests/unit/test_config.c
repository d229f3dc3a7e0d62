/*
 * test_config.c: the config loader over good and bad fixtures.  Each bad
 * fixture holds one class of error; its exact message (file, line,
 * section, key, text) is checked.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config_words.h"
#include "tap.h"

static char fixdir[PATH_MAX];

static const char *
fixture(const char *name)
{
	static char path[PATH_MAX + 64];

	snprintf(path, sizeof path, "%s/%s", fixdir, name);
	return path;
}

static struct config *
load(const char *name, struct config_errors *errs)
{
	return config_load_file(fixture(name), errs);
}

/* Load a bad fixture; its first error must be PATH:rest exactly. */
static void
bad(const char *name, const char *rest)
{
	struct config_errors errs;
	struct config *cfg;
	char want[PATH_MAX + 512];

	cfg = load(name, &errs);
	snprintf(want, sizeof want, "%s:%s", fixture(name), rest);
	ok(cfg == NULL, "%s is refused", name);
	is_str(errs.n > 0 ? errs.msgs[0] : NULL, want, "%s: the message", name);
	config_free(cfg);
	config_errors_free(&errs);
}

static void
test_bad(void)
{
	char want[PATH_MAX + 256], real[PATH_MAX];
	struct config_errors errs;
	struct config *cfg;

	bad("bad-unknown-key.ini", "3: [program:web] comand: unknown key;"
	    " did you mean \"command\"?");
	bad("bad-unknown-section.ini", "3: [programs:web]: unknown section;"
	    " expected [psd], [program:NAME] or [pool:NAME];"
	    " did you mean [program:web]?");
	snprintf(want, sizeof want, "4: [program:web]: duplicate program"
	    " \"web\" (first declared at %s:1)",
	    fixture("bad-duplicate-program.ini"));
	bad("bad-duplicate-program.ini", want);
	bad("bad-duplicate-key.ini", "4: [program:web] command: duplicate key"
	    " (first set at line 2)");
	bad("bad-bool.ini", "3: [program:web] daemon: \"maybe\" is not a"
	    " boolean; expected true or false");
	bad("bad-duration.ini", "3: [program:web] stop_timeout: \"10 parsecs\""
	    " is not a duration; expected a number with ms, s or m (500ms, 10s,"
	    " 2m)");
	bad("bad-signal.ini", "3: [program:web] stop_signal: \"TREM\" is not a"
	    " signal psd can send; expected a name like TERM or a number");
	bad("bad-restart.ini", "3: [program:web] restart: \"sometimes\" is not"
	    " a restart policy; expected always, on-failure or never");
	bad("bad-number.ini", "3: [program:web] nice: \"40\" is not a whole"
	    " number from -20 to 19");
	bad("bad-user.ini", "3: [program:web] user: no such user"
	    " \"no-such-user-psd\"");
	bad("bad-cycle.ini", "3: [program:a] depends_on: dependency cycle"
	    " a -> b -> c -> a");
	bad("bad-unknown-dep.ini", "3: [program:web] depends_on: unknown"
	    " program \"dbb\"; did you mean \"db\"?");
	bad("bad-quote.ini", "2: [program:web] command: unterminated \" quote");
	bad("bad-missing-command.ini", "1: [program:web]: missing required key"
	    " \"command\"");
	bad("bad-no-equals.ini", "3: expected KEY = VALUE, a [section] or a ;"
	    " comment");
	bad("bad-env.ini", "3: [program:web] environment: \"1BAD=2\" is not"
	    " NAME=VALUE with a valid NAME");
	bad("bad-expand.ini", "2: [program:web] command: unknown %(nosuch);"
	    " expected program_name, instance, process_num, here or ENV_NAME");
	bad("bad-env-unset.ini", "2: [program:web] command:"
	    " %(ENV_PSD_TEST_SURELY_UNSET)s: PSD_TEST_SURELY_UNSET is not set in"
	    " psd's environment");
	bad("bad-watchdog.ini", "3: [program:web] watchdog: needs ready ="
	    " notify (the program pings with WATCHDOG=1)");
	bad("bad-key-outside.ini", "1: command: key outside any section; keys go"
	    " in [psd] or [program:NAME]");
	bad("bad-ready.ini", "3: [program:web] ready: \"99999\" is not a port"
	    " from 1 to 65535");
	bad("bad-section-name.ini", "1: [program:we b]: \"we b\" is not a valid"
	    " program name; use letters, digits, '_', '.' and '-'");
	bad("bad-long-line.ini", "2: line is 5010 bytes, longer than the 4093"
	    " allowed; split it with indented continuation lines");

	/* An error in an included file names that file. */
	cfg = load("bad-include.ini", &errs);
	if (realpath(fixture("include.d/bad-1.conf"), real) == NULL)
		strcpy(real, "?");
	snprintf(want, sizeof want, "%s:3: [program:inc] restart: \"maybe\" is"
	    " not a restart policy; expected always, on-failure or never", real);
	ok(cfg == NULL, "bad-include.ini is refused");
	is_str(errs.n ? errs.msgs[0] : NULL, want,
	    "an error in an included file names that file and line");
	config_errors_free(&errs);

	cfg = load("no-such-file.ini", &errs);
	snprintf(want, sizeof want, "%s: cannot read: No such file or directory",
	    fixture("no-such-file.ini"));
	is_str(errs.n ? errs.msgs[0] : NULL, want, "a missing file");
	config_errors_free(&errs);
}

static void
test_defaults(void)
{
	struct config_errors errs;
	struct config *cfg = load("good-defaults.ini", &errs);
	struct progconf *pc;

	if (!ok(cfg != NULL, "good-defaults.ini loads")) {
		diag("%s", errs.n ? errs.msgs[0] : "?");
		return;
	}
	pc = cfg->progs[0];
	is_str(pc->name, "web", "name");
	is_str(pc->argv[0], "/bin/true", "argv[0]");
	ok(pc->argv[1] == NULL, "argv ends");
	ok(!pc->daemon && !pc->essential && pc->autostart && pc->kill_group,
	    "daemon false, essential false, autostart true, kill_group true");
	is_int(pc->restart, RESTART_ON_FAILURE, "restart = on-failure");
	is_int(pc->restart_delay, 1000, "restart_delay 1s");
	is_int(pc->restart_delay_max, 60000, "restart_delay_max 60s");
	is_int(pc->start_seconds, 1000, "start_seconds 1s");
	is_int(pc->start_retries, 3, "start_retries 3");
	is_int(pc->stop_signal, SIGTERM, "stop_signal TERM");
	is_int(pc->stop_timeout, 10000, "stop_timeout 10s");
	is_int(pc->out.kind, OUTPUT_LOG, "stdout log");
	is_int(pc->err.kind, OUTPUT_LOG, "stderr log");
	is_int(cfg->socket_mode, 0600, "socket_mode 0600");
	is_int(cfg->grace, -1, "grace unset");
	config_free(cfg);
}

static void
test_all_keys(void)
{
	struct config_errors errs;
	struct config *cfg = load("good-all-keys.ini", &errs);
	struct progconf *web, *db, *cache;
	char dir[PATH_MAX + 32];

	if (!ok(cfg != NULL, "good-all-keys.ini loads")) {
		diag("%s", errs.n ? errs.msgs[0] : "?");
		config_errors_free(&errs);
		return;
	}
	web = config_find(cfg, "web");
	db = config_find(cfg, "db");
	cache = config_find(cfg, "cache");
	ok(web && db && cache, "three programs");
	if (!web || !db || !cache)
		return;
	if (realpath(fixdir, dir) == NULL)
		strcpy(dir, fixdir);
	strcat(dir, "/run/psd.sock");
	is_str(cfg->socket, dir, "socket is relative to the file");
	is_int(cfg->socket_mode, 0660, "socket_mode");
	ok(cfg->has_socket_group && cfg->socket_gid == 0, "socket_group 0");
	ok(cfg->socket_readonly, "socket_readonly");
	is_int(cfg->shutdown_timeout, 30000, "shutdown_timeout");
	is_int(cfg->grace, 2000, "grace");
	is_int(cfg->log_level, 3, "log_level debug");
	ok(cfg->log_stream_merged && cfg->log_timestamps, "log_stream, timestamps");
	is_int(cfg->log_color, 0, "log_color never");
	is_str(cfg->pidfile, "/tmp/psd-test.pid", "pidfile absolute stays");

	is_str(web->command, "python3 -m http.server 8000", "inline comment cut");
	is_str(web->argv[2], "http.server", "argv split");
	ok(web->directory != NULL && strstr(web->directory, "/srv") != NULL &&
	    web->directory[0] == '/', "directory made absolute");
	is_int(web->nenvironment, 4, "environment: global + own, merged");
	is_str(web->environment[0], "GLOBAL=1", "global first");
	is_str(web->environment[1], "SHARED=mine", "the program's value wins");
	is_str(web->environment[3], "QUOTED=a b", "quotes in environment");
	ok(web->has_user && web->uid == 0, "user root");
	ok(web->has_group && web->gid == 0, "group 0");
	ok(web->has_nice && web->nice == 5, "nice 5");
	ok(web->has_umask && web->umask == 027, "umask 027");
	is_int(web->nrlimits, 2, "two limits");
	ok(web->rlimits[0].resource == RLIMIT_NOFILE &&
	    web->rlimits[0].lim.rlim_cur == 1024 &&
	    web->rlimits[0].lim.rlim_max == 4096, "limit_nofile 1024:4096");
	ok(web->rlimits[1].lim.rlim_cur == RLIM_INFINITY, "limit_core infinity");
	ok(web->daemon && web->essential && !web->autostart && !web->kill_group,
	    "booleans");
	is_int(web->restart, RESTART_ALWAYS, "restart always");
	is_int(web->restart_delay, 250, "restart_delay 250ms");
	is_int(web->start_seconds, 2000, "start_seconds = 2 means seconds");
	is_int(web->start_retries, -1, "start_retries infinite");
	is_int(web->stop_signal, SIGINT, "stop_signal SIGINT");
	is_int(web->stop_timeout, 60000, "stop_timeout 1m");
	is_int(web->ndepends_on, 2, "two dependencies");
	is_str(web->depends_on[1], "cache", "comma separated");
	is_str(web->on_exit, "echo exited", "on_exit");
	is_int(web->ready, READY_TCP, "ready tcp");
	is_str(web->ready_arg, "127.0.0.1:8000", "tcp:PORT means 127.0.0.1");
	is_int(web->ready_interval, 200, "ready_interval");
	is_int(web->out.kind, OUTPUT_FILE, "stdout file");
	ok(web->out.path != NULL && strstr(web->out.path, "/logs/web.log") &&
	    web->out.path[0] == '/', "%%(program_name)s in a relative file path");
	is_int(web->err.kind, OUTPUT_STDOUT, "stderr = stdout");
	is_int(web->log_max_size, 10 << 20, "log_max_size 10M");
	is_int(web->log_backups, 3, "log_backups");
	ok(web->tty, "tty");
	is_int(db->ready, READY_NOTIFY, "ready notify");
	is_int(db->watchdog, 30000, "watchdog");
	is_int(db->watchdog_signal, SIGQUIT, "watchdog_signal");
	is_int(cache->ready, READY_LOG, "ready log");
	is_str(cache->ready_arg, "^ready on port [0-9]+$", "the regex");
	ok(cache->detach, "detach");
	config_free(cfg);
}

static void
test_instances_and_more(void)
{
	struct config_errors errs;
	struct config *cfg;
	struct progconf *pc;

	cfg = load("good-instances.ini", &errs);
	if (ok(cfg != NULL, "good-instances.ini loads")) {
		is_int(cfg->nprogs, 4, "three instances and one single");
		pc = cfg->progs[2];
		is_str(pc->name, "worker:2", "instance name");
		is_str(pc->base, "worker", "base name");
		is_str(pc->command, "work --id 02 --name worker",
		    "%%(instance)02d and %%(program_name)s");
		is_str(pc->environment[pc->nenvironment - 1], "ID=2",
		    "%%(process_num)d in environment");
		is_str(cfg->progs[3]->name, "single:0", "instances = 1 is a pool"
		    " of one: NAME:0, as with more");
		config_free(cfg);
	}
	cfg = load("good-continuation.ini", &errs);
	if (ok(cfg != NULL, "good-continuation.ini loads")) {
		is_str(cfg->progs[0]->command, "sh -c \"echo one; echo two; echo"
		    " three\"", "continuation lines join into one command");
		is_str(cfg->progs[0]->argv[2], "echo one; echo two; echo three",
		    "and split as one quoted word");
		config_free(cfg);
	}
	cfg = load("good-include.ini", &errs);
	if (ok(cfg != NULL, "good-include.ini loads")) {
		is_int(cfg->nprogs, 3, "programs from the file and two includes");
		is_int(cfg->nfiles, 3, "three files read (a missing glob is fine)");
		is_str(cfg->progs[1]->name, "a", "includes in sorted order");
		config_free(cfg);
	} else
		diag("%s", errs.n ? errs.msgs[0] : "?");
	config_errors_free(&errs);
	cfg = load("good-shell.ini", &errs);
	if (ok(cfg != NULL, "good-shell.ini loads")) {
		is_str(cfg->progs[0]->argv[0], "/bin/sh", "shell = true: /bin/sh");
		is_str(cfg->progs[0]->argv[2], "echo $HOME && echo \"%d\"",
		    "the whole command to sh -c, %%%% unescaped");
		config_free(cfg);
	}
}

static void
test_words(void)
{
	char **v, err[128];
	int n;

	ok(words_split("a 'b c' \"d \\\"e\\\"\" f\\ g", &v, &n, err,
	    sizeof err) == 0 && n == 4, "four words");
	is_str(v[1], "b c", "single quotes");
	is_str(v[2], "d \"e\"", "double quotes with escapes");
	is_str(v[3], "f g", "backslash-space");
	words_free(v);
	ok(words_split("  ", &v, &n, err, sizeof err) == 0 && n == 0,
	    "blank: no words");
	words_free(v);
	ok(words_split("a 'b", &v, &n, err, sizeof err) < 0, "unterminated '");
	is_str(err, "unterminated ' quote", "... says so");
	ok(words_split("a\\", &v, &n, err, sizeof err) < 0, "trailing backslash");
	ok(words_split("\"a'b\"", &v, &n, err, sizeof err) == 0, "' inside \"");
	is_str(v[0], "a'b", "... kept");
	words_free(v);
}

static void
test_equal_and_string(void)
{
	struct config_errors errs;
	struct config *a, *b;

	a = load("good-all-keys.ini", &errs);
	b = load("good-all-keys.ini", &errs);
	if (a == NULL || b == NULL)
		return;
	ok(progconf_equal(a->progs[0], b->progs[0]), "same file: equal");
	b->progs[0]->stop_timeout++;
	ok(!progconf_equal(a->progs[0], b->progs[0]), "one field differs");
	config_free(a);
	config_free(b);
	a = config_load_string("<test>", "[program:x]\ncommand = echo hi\n",
	    "/", &errs);
	ok(a != NULL && a->nprogs == 1, "config_load_string");
	config_free(a);
	a = load("good-pool.ini", &errs);
	ok(a != NULL && a->npools == 2 && a->pools[0]->workers == 4 &&
	    a->pools[0]->job_timeout == 300000 &&
	    a->pools[1]->workers == 1, "good-pool.ini: two pools, every key");
	if (a == NULL)
		diag("%s", errs.n ? errs.msgs[0] : "?");
	config_free(a);
	a = config_load_demo(&errs);
	ok(a != NULL && a->nprogs >= 5, "the embedded demo loads");
	ok(a != NULL && a->npools == 1 &&
	    strcmp(a->pools[0]->name, "thumbs") == 0 &&
	    a->pools[0]->workers == 2, "with its pool thumbs, 2 workers");
	config_free(a);

	/* What would start is compared, not the text it came from. */
	a = config_load_string("<a>", "[program:x]\ncommand = sleep  600\n"
	    "[program:y]\ncommand = sleep 600\n", "/", &errs);
	b = config_load_string("<b>", "[program:x]\ncommand = sleep 600\n"
	    "[program:y]\ncommand = sleep 601\n", "/", &errs);
	if (a != NULL && b != NULL) {
		ok(!progconf_needs_restart(a->progs[0], b->progs[0]),
		    "command changed only in spaces: no restart");
		ok(!progconf_equal(a->progs[0], b->progs[0]),
		    "... but an update (the text psctl shows)");
		ok(progconf_needs_restart(a->progs[1], b->progs[1]),
		    "another word: restart");
	}
	config_free(a);
	config_free(b);
}

/*
 * One run shows every error that can still be found, from every stage
 * (reading, values, instances, dependencies, cycles), in file order, with
 * no error that only follows from another.
 */
static void
test_all_errors(void)
{
	static const char text[] =
	    "[program:a]\n"			/* 1 */
	    "command = sh -c 'x\n"		/* 2: unterminated quote */
	    "restart = sometimes\n"		/* 3: bad value */
	    "depends_on = nosuch\n"		/* 4: unknown target */
	    "\n"
	    "[program:b]\n"			/* 6: no command */
	    "depends_on = c\n"			/* 7: cycle b -> c -> b */
	    "\n"
	    "[program:c]\n"
	    "command = true\n"
	    "depends_on = b\n"
	    "[program:d]\n"
	    "command = true\n"
	    "this line has no equals\n"		/* 14: syntax */
	    "depends_on = web\n"		/* web's header is bad: quiet */
	    "[program:web\n"			/* 16: syntax */
	    "command = x\n"
	    "[program:e]\n"
	    "comand = true\n";			/* 19: typo, not also "missing" */
	static const char *const want[] = {
	    "<t>:2: [program:a] command: unterminated ' quote",
	    "<t>:3: [program:a] restart: \"sometimes\" is not a restart policy;"
	    " expected always, on-failure or never",
	    "<t>:4: [program:a] depends_on: unknown program \"nosuch\"",
	    "<t>:6: [program:b]: missing required key \"command\"",
	    "<t>:7: [program:b] depends_on: dependency cycle b -> c -> b",
	    "<t>:14: expected KEY = VALUE, a [section] or a ; comment",
	    "<t>:16: section header without a closing ]",
	    "<t>:19: [program:e] comand: unknown key; did you mean"
	    " \"command\"?",
	};
	struct config_errors errs;
	struct config *cfg;
	size_t i;

	cfg = config_load_string("<t>", text, "/", &errs);
	ok(cfg == NULL, "a file with errors of every stage is refused");
	is_int(errs.n, (int)(sizeof want / sizeof want[0]),
	    "every error in one run, none more");
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		is_str((int)i < errs.n ? errs.msgs[i] : NULL, want[i],
		    "error %zu, in file order", i + 1);
	for (i = 0; (int)i < errs.n; i++)
		diag("%s", errs.msgs[i]);
	config_errors_free(&errs);
}

/* Past 20 errors: the first 20 in file order, then one line saying so. */
static void
test_too_many_errors(void)
{
	char text[4096];
	struct config_errors errs;
	struct config *cfg;
	size_t off;
	int i;

	off = (size_t)snprintf(text, sizeof text, "[program:a]\n"
	    "command = true\nrestart_delay = 5s\nrestart_delay_max = 1s\n"
	    "[psd]\n");
	for (i = 0; i < 25; i++)
		off += (size_t)snprintf(text + off, sizeof text - off, "bad\n");
	cfg = config_load_string("<t>", text, "/", &errs);
	ok(cfg == NULL, "26 errors: refused");
	is_int(errs.n, CONFIG_MAX_ERRORS + 1, "20 errors and a last line");
	is_str(errs.n > 0 ? errs.msgs[0] : NULL, "<t>:1: [program:a]"
	    " restart_delay_max: is shorter than restart_delay",
	    "the first in the file comes first, found late or not");
	is_str(errs.n > 1 ? errs.msgs[1] : NULL, "<t>:6: expected KEY = VALUE,"
	    " a [section] or a ; comment", "then the next by line");
	is_str(errs.n > CONFIG_MAX_ERRORS ? errs.msgs[CONFIG_MAX_ERRORS] : NULL,
	    "<t>: too many errors; stopping here", "the last says so");
	config_free(cfg);
	config_errors_free(&errs);
}

/* More includes than psd reads is an error at the include, not silence. */
static void
test_include_limit(void)
{
	char dir[] = "/tmp/psd-test-config.XXXXXX", path[PATH_MAX];
	char want[2 * PATH_MAX + 128];
	struct config_errors errs;
	struct config *cfg;
	FILE *f;
	int i;

	if (!ok(mkdtemp(dir) != NULL, "a scratch directory"))
		return;
	snprintf(path, sizeof path, "%s/inc", dir);
	mkdir(path, 0700);
	for (i = 0; i < 260; i++) {
		snprintf(path, sizeof path, "%s/inc/%03d.ini", dir, i);
		if ((f = fopen(path, "w")) != NULL)
			fclose(f);
	}
	snprintf(path, sizeof path, "%s/main.ini", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("[psd]\ninclude = inc/*.ini\n", f);
		fclose(f);
	}
	cfg = config_load_file(path, &errs);
	ok(cfg == NULL, "261 files: refused");
	snprintf(want, sizeof want, "%s:2: [psd] include: more than 256 config"
	    " files in all; %s/inc/255.ini and 4 more are not read", path, dir);
	is_str(errs.n > 0 ? errs.msgs[0] : NULL, want, "named at the include");
	config_free(cfg);
	config_errors_free(&errs);
	for (i = 0; i < 260; i++) {
		snprintf(path, sizeof path, "%s/inc/%03d.ini", dir, i);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/inc", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/main.ini", dir);
	unlink(path);
	rmdir(dir);
}

/* [psd] http makes a psd-http program; the stop chain is the longest. */
static void
test_fleet(void)
{
	struct config_errors errs;
	struct progconf *pc;
	struct config *c;
	char chain[256];

	c = config_load_string("<t>", "[psd]\nhttp = 127.0.0.1:9100 /run/h.sock\n"
	    "environment = A=1\n[program:x]\ncommand = sleep 1\n", "/", &errs);
	ok(c != NULL, "[psd] http loads");
	pc = c != NULL ? config_find(c, "http") : NULL;
	ok(pc != NULL && pc->daemon, "and adds a daemon program http");
	ok(pc != NULL && pc->argv[0] != NULL && pc->argv[1] != NULL &&
	    strcmp(pc->argv[1], "--listen") == 0 &&
	    strcmp(pc->argv[2], "127.0.0.1:9100") == 0 &&
	    strcmp(pc->argv[3], "--listen") == 0 &&
	    strcmp(pc->argv[4], "/run/h.sock") == 0 && pc->argv[5] == NULL,
	    "running psd-http --listen for each address");
	ok(pc != NULL && pc->nenvironment == 1 &&
	    strcmp(pc->environment[0], "A=1") == 0, "with [psd] environment");
	config_free(c);
	config_errors_free(&errs);

	c = config_load_string("<t>", "[psd]\nhttp = :9100\n[program:http]\n"
	    "command = sleep 1\n", "/", &errs);
	ok(c == NULL, "[psd] http beside a [program:http] is refused");
	is_str(errs.n > 0 ? errs.msgs[0] : NULL, "<t>:2: [psd] http: a"
	    " [program:http] exists already: drop this key, or rename that"
	    " program", "with file:line:key");
	config_errors_free(&errs);
	c = config_load_string("<t>", "[psd]\nhttp =\n", "/", &errs);
	ok(c == NULL && errs.n > 0 && strstr(errs.msgs[0], "no address") !=
	    NULL, "an empty [psd] http is refused");
	config_errors_free(&errs);

	c = config_load_string("<t>", "[program:db]\ncommand = a\n"
	    "stop_timeout = 3s\n[program:api]\ncommand = a\ndepends_on = db\n"
	    "stop_timeout = 2s\n[program:web]\ncommand = a\n"
	    "depends_on = api db\nstop_timeout = 1s\ninstances = 3\n"
	    "[program:side]\ncommand = a\nstop_timeout = 5s\n", "/", &errs);
	ok(c != NULL, "a chain of dependencies loads");
	if (c == NULL)
		return;
	ok(config_stop_chain(c, chain, sizeof chain) == 6000,
	    "the longest stop chain is 6s (instances stop side by side)");
	is_str(chain, "web -> api -> db", "and is named");
	config_find(c, "side")->stop_timeout = 7000;
	ok(config_stop_chain(c, chain, sizeof chain) == 7000,
	    "a lone program with a longer stop wins");
	is_str(chain, "side", "named alone");
	config_free(c);
}

int
main(void)
{
	const char *srcdir = getenv("srcdir");

	snprintf(fixdir, sizeof fixdir, "%s/tests/fixtures/config",
	    srcdir != NULL ? srcdir : ".");
	test_bad();
	test_defaults();
	test_all_keys();
	test_instances_and_more();
	test_words();
	test_equal_and_string();
	test_all_errors();
	test_too_many_errors();
	test_include_limit();
	test_fleet();
	return done_testing();
}
