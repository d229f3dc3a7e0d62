/*
 * test_persona.c: psd under tini's, dumb-init's and catatonit's names:
 * which name picks which peer, and each peer's command line, parsed
 * into psd's options with the peer's exit codes and streams.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "drain.h"
#include "persona.h"
#include "tap.h"

#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })

static FILE	*out, *err;

/* Parse argv as persona p; also report how much went to out and err. */
static int
run(enum persona p, struct options *o, char **argv, long *nout, long *nerr)
{
	int argc = 0, r;

	while (argv[argc] != NULL)
		argc++;
	rewind(out);
	rewind(err);
	r = persona_parse(p, o, argc, argv, out, err);
	fflush(out);
	fflush(err);
	*nout = ftell(out);
	*nerr = ftell(err);
	return r;
}

/* The rewrite persona_parse set for sig, or -1. */
static int
rewrite_of(const struct options *o, int sig)
{
	int i;

	for (i = 0; i < o->nrewrites; i++)
		if (o->rewrite_from[i] == sig)
			return o->rewrite_to[i];
	return -1;
}

static void
test_names(void)
{
	is_int(persona_of("/usr/bin/tini"), PERSONA_TINI, "tini");
	is_int(persona_of("docker-init"), PERSONA_TINI, "docker-init is tini");
	is_int(persona_of("tini-static"), PERSONA_TINI, "tini-static");
	is_int(persona_of("/sbin/dumb-init"), PERSONA_DUMB_INIT, "dumb-init");
	is_int(persona_of("catatonit"), PERSONA_CATATONIT, "catatonit");
	is_int(persona_of("psd"), PERSONA_PSD, "psd");
	is_int(persona_of("./tini.sh"), PERSONA_PSD, "another name: psd");
	is_int(persona_of(NULL), PERSONA_PSD, "no name: psd");
}

/* One row: persona, argv, exit status (-1: go on), bytes on out/err. */
struct row {
	enum persona	 p;
	char		**argv;
	int		 status;
	int		 out, err;	/* 1: something printed there */
};

static void
test_exits(void)
{
	struct row rows[] = {
		{ PERSONA_TINI, ARGV("tini"), 1, 0, 1 },
		{ PERSONA_TINI, ARGV("tini", "-h"), 0, 1, 0 },
		{ PERSONA_TINI, ARGV("tini", "--version"), 0, 1, 0 },
		{ PERSONA_TINI, ARGV("tini", "-l"), 0, 1, 0 },
		{ PERSONA_TINI, ARGV("tini", "-V"), 1, 0, 1 },
		{ PERSONA_TINI, ARGV("tini", "-z", "app"), 1, 0, 1 },
		{ PERSONA_TINI, ARGV("tini", "-p", "KILL", "app"), 1, 0, 1 },
		{ PERSONA_TINI, ARGV("tini", "-e", "-1", "app"), 1, 0, 1 },
		{ PERSONA_TINI, ARGV("tini", "-p"), 1, 0, 1 },
		{ PERSONA_TINI, ARGV("tini", "app"), -1, 0, 0 },
		{ PERSONA_DUMB_INIT, ARGV("dumb-init"), 1, 0, 1 },
		{ PERSONA_DUMB_INIT, ARGV("dumb-init", "-h"), 0, 0, 1 },
		{ PERSONA_DUMB_INIT, ARGV("dumb-init", "--version"), 0, 0, 1 },
		{ PERSONA_DUMB_INIT, ARGV("dumb-init", "-V"), 0, 0, 1 },
		{ PERSONA_DUMB_INIT, ARGV("dumb-init", "-q", "app"), 1, 0, 1 },
		{ PERSONA_DUMB_INIT, ARGV("dumb-init", "-r", "32:1", "app"), 1, 0, 1 },
		{ PERSONA_DUMB_INIT, ARGV("dumb-init", "-r", "1:-1", "app"), 1, 0, 1 },
		{ PERSONA_DUMB_INIT, ARGV("dumb-init", "-r", "HUP:1", "app"), 1, 0, 1 },
		{ PERSONA_DUMB_INIT, ARGV("dumb-init", "-r", "9:0", "app"), -1, 0, 0 },
		{ PERSONA_CATATONIT, ARGV("catatonit"), 1, 0, 1 },
		{ PERSONA_CATATONIT, ARGV("catatonit", "-h"), 0, 0, 1 },
		{ PERSONA_CATATONIT, ARGV("catatonit", "-V"), 0, 1, 0 },
		{ PERSONA_CATATONIT, ARGV("catatonit", "--version"), 0, 1, 0 },
		{ PERSONA_CATATONIT, ARGV("catatonit", "-L"), 0, 1, 0 },
		{ PERSONA_CATATONIT, ARGV("catatonit", "-x"), 1, 0, 1 },
		{ PERSONA_CATATONIT, ARGV("catatonit", "-P"), -1, 0, 0 },
	};
	struct options o;
	long nout, nerr;
	size_t i;
	int r;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		r = run(rows[i].p, &o, rows[i].argv, &nout, &nerr);
		is_int(r, rows[i].status, "%s %s: exit %d", rows[i].argv[0],
		    rows[i].argv[1] != NULL ? rows[i].argv[1] : "(nothing)",
		    rows[i].status);
		is_int(nout > 0, rows[i].out, "... stdout %s",
		    rows[i].out ? "used" : "empty");
		is_int(nerr > 0, rows[i].err, "... stderr %s",
		    rows[i].err ? "used" : "empty");
	}
}

static void
test_options(void)
{
	struct options o;
	long n1, n2;

	unsetenv("DUMB_INIT_SETSID");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	is_int(run(PERSONA_TINI, &o, ARGV("tini", "-g", "-w", "-e", "3",
	    "-p", "SIGKILL", "--", "app", "-x"), &n1, &n2), -1, "tini options");
	ok(o.pgroup && o.warn_reap && o.remap[3] && o.pdeathsig == SIGKILL,
	    "tini: -g -w -e 3 -p SIGKILL");
	ok(o.ncmd == 2 && strcmp(o.cmd[1], "-x") == 0, "tini: -- ends options");
	ok(o.no_escalate && o.no_jobstop && o.grace == 0,
	    "tini: every TERM forwarded, TSTP forwarded only, no grace");
	ok(rewrite_of(&o, SIGTTIN) == 0 && rewrite_of(&o, SIGTTOU) == 0 &&
	    rewrite_of(&o, SIGTSTP) == -1, "tini: TTIN and TTOU ignored");
	setenv("TINI_KILL_PROCESS_GROUP", "", 1);
	setenv("TINI_VERBOSITY", "3", 1);
	run(PERSONA_TINI, &o, ARGV("tini", "app"), &n1, &n2);
	ok(o.pgroup && o.verbose == 2, "TINI_KILL_PROCESS_GROUP, TINI_VERBOSITY=3");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	unsetenv("TINI_VERBOSITY");
	run(PERSONA_TINI, &o, ARGV("tini", "-s", "app"), &n1, &n2);
	ok(!o.no_subreaper, "tini -s: a subreaper");
	setenv("TINI_SUBREAPER", "", 1);
	run(PERSONA_TINI, &o, ARGV("tini", "app"), &n1, &n2);
	ok(!o.no_subreaper, "TINI_SUBREAPER (even empty): a subreaper");
	unsetenv("TINI_SUBREAPER");
	ok(o.fail_code == 0 && !o.child_std_default,
	    "tini: 127/126 for a failed start, the child keeps what was ignored");

	is_int(run(PERSONA_DUMB_INIT, &o, ARGV("dumb-init", "-r", "15:2",
	    "--rewrite", "2:0", "app", "-c"), &n1, &n2), -1, "dumb-init options");
	ok(rewrite_of(&o, 15) == 2 && rewrite_of(&o, 2) == 0,
	    "dumb-init: -r 15:2 --rewrite 2:0");
	ok(o.setsid && o.pgroup, "dumb-init: a new session by default");
	ok(o.ncmd == 2 && strcmp(o.cmd[1], "-c") == 0,
	    "dumb-init: options stop at the command");
	ok(o.grace == DRAIN_GRACE_TERM_ONLY && o.no_escalate &&
	    !o.no_jobstop && o.jobstop_always,
	    "dumb-init: TERM to the rest at the end; stops with TSTP");
	ok(o.fail_code == 2 && o.child_std_default,
	    "dumb-init: a failed start exits 2; 1-31 default in the child");
	run(PERSONA_DUMB_INIT, &o, ARGV("dumb-init", "-c", "app"), &n1, &n2);
	ok(!o.setsid && !o.pgroup, "dumb-init -c: no session, signals to the child");
	ok(o.grace == 0, "dumb-init -c: the rest left alone at the end");
	setenv("DUMB_INIT_SETSID", "0", 1);
	setenv("DUMB_INIT_DEBUG", "1", 1);
	run(PERSONA_DUMB_INIT, &o, ARGV("dumb-init", "app"), &n1, &n2);
	ok(!o.setsid && o.verbose > 0, "DUMB_INIT_SETSID=0, DUMB_INIT_DEBUG=1");
	unsetenv("DUMB_INIT_SETSID");
	unsetenv("DUMB_INIT_DEBUG");

	is_int(run(PERSONA_CATATONIT, &o, ARGV("catatonit", "-g", "--", "app"),
	    &n1, &n2), -1, "catatonit -g");
	ok(o.pgroup && o.no_jobstop && rewrite_of(&o, SIGTSTP) == 0,
	    "catatonit: -g; TSTP, TTIN, TTOU ignored");
	is_int(o.fail_code, 1, "catatonit: a failed start exits 1");
	run(PERSONA_CATATONIT, &o, ARGV("catatonit", "-P", "app"), &n1, &n2);
	is_int(o.ncmd, 0, "catatonit -P: pause, no program");
	setenv("CATATONIT_LOG", "x", 1);
	is_int(run(PERSONA_CATATONIT, &o, ARGV("catatonit", "app"), &n1, &n2),
	    1, "CATATONIT_LOG set: exit 1");
	ok(n2 > 0, "... said on stderr");
	unsetenv("CATATONIT_LOG");
}

int
main(void)
{
	out = tmpfile();
	err = tmpfile();
	if (out == NULL || err == NULL)
		return 1;
	test_names();
	test_exits();
	test_options();
	fclose(out);
	fclose(err);
	return done_testing();
}
