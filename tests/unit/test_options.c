/*
 * test_options.c: psd's command line, signal names, durations.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "options.h"
#include "signame.h"
#include "tap.h"

#define ARGV(...) ((char *[]){ "psd", __VA_ARGS__, NULL })
#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])) - 1)

static int
parse(struct options *o, char **argv, char *err)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	return options_parse(o, argc, argv, err, 256);
}

static void
test_command(void)
{
	struct options o;
	char err[256];

	is_int(parse(&o, ARGV("--", "sleep", "10"), err), 0, "-- CMD parses");
	is_int(o.ncmd, 2, "-- CMD: two words");
	is_str(o.cmd[0], "sleep", "-- CMD: the program");
	is_int(parse(&o, ARGV("sleep", "-v"), err), 0, "CMD without --");
	is_int(o.verbose, 0, "options after CMD belong to CMD");
	is_str(o.cmd[1], "-v", "... and stay in its argv");
	is_int(parse(&o, ARGV("-s", "-g", "--", "app"), err), 0,
	    "tini's -s -g -- app");
	ok(o.pgroup, "-g sets pgroup");
	is_int(parse(&o, ARGV("--setsid", "--", "app"), err), 0, "--setsid");
	ok(o.setsid && o.pgroup, "--setsid implies -g");
	is_int(parse(&o, ARGV("-vvv", "-q", "app"), err), 0, "-vvv -q");
	is_int(o.verbose, 2, "-vvv -q: +2");
}

static void
test_rewrite_and_remap(void)
{
	struct options o;
	char err[256];

	is_int(parse(&o, ARGV("-r", "TERM:QUIT", "-r", "15:3", "-r", "SIGUSR1:0",
	    "--", "x"), err), 0, "rewrites by name, number, and to 0");
	is_int(o.nrewrites, 3, "three rewrites");
	is_int(o.rewrite_from[0], SIGTERM, "TERM");
	is_int(o.rewrite_to[0], SIGQUIT, "-> QUIT");
	is_int(o.rewrite_to[2], 0, "USR1 -> 0 (drop)");
	is_int(parse(&o, ARGV("-r", "TERM", "x"), err), 2, "-r without :");
	is_str(err, "--rewrite TERM: expected FROM:TO", "... says what is expected");
	is_int(parse(&o, ARGV("-r", "TERM:BOGUS", "x"), err), 2, "-r unknown signal");
	is_str(err, "--rewrite TERM:BOGUS: unknown signal \"BOGUS\"",
	    "... names the bad signal");
	is_int(parse(&o, ARGV("-r", "KILL:TERM", "x"), err), 2, "KILL cannot be rewritten");
	is_int(parse(&o, ARGV("-e", "143", "-e", "2", "x"), err), 0, "-e twice");
	ok(o.remap[143] && o.remap[2] && !o.remap[1], "-e marks the codes");
	is_int(parse(&o, ARGV("-e", "256", "x"), err), 2, "-e 256 is out of range");
	is_str(err, "-e 256: expected an exit code from 0 to 255", "... says so");
}

static void
test_misc(void)
{
	struct options o;
	char err[256];

	is_int(parse(&o, ARGV("--grace", "250ms", "x"), err), 0, "--grace 250ms");
	is_int(o.grace, 250, "grace in ms");
	is_int(parse(&o, ARGV("--grace", "soon", "x"), err), 2, "--grace soon");
	is_int(parse(&o, ARGV("-p", "SIGKILL", "x"), err), 0, "-p SIGKILL");
	is_int(o.pdeathsig, SIGKILL, "pdeathsig KILL");
	is_int(parse(&o, ARGV("-p", "nope", "x"), err), 2, "-p nope");
	is_int(parse(&o, ARGV("--bogus"), err), 2, "unknown long option");
	is_str(err, "unknown option --bogus", "... named");
	is_int(parse(&o, ARGV("-k"), err), 2, "unknown short option");
	is_str(err, "unknown option -k", "... named");
	is_int(parse(&o, ARGV("-c"), err), 2, "-c without a value");
	is_str(err, "option -c needs a value", "... says so");
	is_int(parse(&o, ARGV("--check"), err), 2, "--check without -c");
	is_int(parse(&o, ARGV("-c", "x.ini", "--check"), err), 0, "-c x.ini --check");
	is_int(parse(&o, ARGV("--demo", "-c", "x.ini"), err), 2, "--demo with -c");
	is_int(parse(&o, ARGV("-c", "a.ini", "--", "app", "arg"), err), 0,
	    "-c FILE -- CMD");
	is_str(o.config, "a.ini", "config path");
	is_int(o.ncmd, 2, "and the command");
}

static void
test_environment(void)
{
	struct options o;
	char err[256];

	setenv("PSD_PGROUP", "1", 1);
	setenv("PSD_GRACE", "2s", 1);
	setenv("PSD_VERBOSE", "2", 1);
	setenv("PSD_REWRITE", "TERM:INT,HUP:0", 1);
	is_int(parse(&o, ARGV("x"), err), 0, "environment defaults");
	ok(o.pgroup, "PSD_PGROUP=1");
	is_int(o.grace, 2000, "PSD_GRACE=2s");
	is_int(o.verbose, 2, "PSD_VERBOSE=2");
	is_int(o.nrewrites, 2, "PSD_REWRITE with two rewrites");
	is_int(parse(&o, ARGV("--grace", "1s", "x"), err), 0, "command line wins");
	is_int(o.grace, 1000, "--grace over PSD_GRACE");
	setenv("PSD_GRACE", "later", 1);
	is_int(parse(&o, ARGV("x"), err), 2, "bad PSD_GRACE is a usage error");
	is_str(err, "PSD_GRACE=later: expected a duration like 5s or 500ms",
	    "... naming the variable");
	unsetenv("PSD_PGROUP");
	unsetenv("PSD_GRACE");
	unsetenv("PSD_VERBOSE");
	unsetenv("PSD_REWRITE");
	setenv("TINI_KILL_PROCESS_GROUP", "1", 1);
	is_int(parse(&o, ARGV("x"), err), 0, "TINI_KILL_PROCESS_GROUP");
	ok(o.pgroup, "... means -g, as in tini");
	unsetenv("TINI_KILL_PROCESS_GROUP");
}

static void
test_procfile(void)
{
	struct options o;
	char err[256];

	is_int(parse(&o, ARGV("--procfile", "Procfile", "--env", "a.env",
	    "--env", "b.env", "-m", "web=2", "--port", "3000", "--restart",
	    "on-failure"), err), 0, "the Procfile options parse");
	is_str(o.procfile, "Procfile", "--procfile FILE");
	is_int(o.nenvfiles, 2, "--env is repeatable");
	is_str(o.envfiles[1], "b.env", "  in order");
	is_str(o.formation, "web=2", "-m SPEC");
	is_int(o.port, 3000, "--port N");
	is_int(o.restart, 1, "--restart on-failure");
	is_int(parse(&o, ARGV("-c", "Procfile"), err), 0, "-c alone");
	is_int(o.port, -1, "  no --port: -1");
	is_int(o.restart, -1, "  no --restart: foreman's way (-1)");
	is_int(parse(&o, ARGV("--port", "70000", "--procfile", "P"), err), 2,
	    "--port 70000 is refused");
	is_str(err, "--port 70000: expected a port number from 0 to 65535",
	    "  saying why");
	is_int(parse(&o, ARGV("--restart", "sometimes", "-c", "P"), err), 2,
	    "--restart sometimes is refused");
	is_int(parse(&o, ARGV("--procfile", "P", "-c", "x.ini"), err), 2,
	    "--procfile and -c together are refused");
	is_int(parse(&o, ARGV("--procfile", "P", "--check"), err), 0,
	    "--check with --procfile");
	is_int(parse(&o, ARGV("-e", "3", "-p", "TERM", "-c", "P"), err), 0,
	    "-e and -p stay tini's");
	ok(o.remap[3] && o.pdeathsig == SIGTERM && o.nenvfiles == 0,
	    "  (remap-exit and pdeathsig, not .env and port)");
}

static void
test_signame(void)
{
	is_int(sig_parse("TERM", 0), SIGTERM, "TERM");
	is_int(sig_parse("sigterm", 0), SIGTERM, "sigterm (any case)");
	is_int(sig_parse("15", 0), 15, "15");
	is_int(sig_parse("0", 0), -1, "0 not allowed by default");
	is_int(sig_parse("0", 1), 0, "0 allowed for rewriting");
	is_int(sig_parse("RTMIN+2", 0), SIGRTMIN + 2, "RTMIN+2");
	is_int(sig_parse("SIGRTMAX-1", 0), SIGRTMAX - 1, "SIGRTMAX-1");
	is_int(sig_parse("RTMIN+99", 0), -1, "RTMIN+99 is out of range");
	is_int(sig_parse("65", 0), -1, "65 is out of range");
	is_int(sig_parse("", 0), -1, "empty");
	is_int(sig_parse("TERMX", 0), -1, "TERMX");
	is_str(sig_name(SIGUSR2), "USR2", "name of USR2");
	is_str(sig_name(SIGRTMIN + 3), "RTMIN+3", "name of RTMIN+3");
}

static void
test_duration(void)
{
	int64_t ms;
	char buf[32];

	ok(duration_parse("10s", &ms) == 0 && ms == 10000, "10s");
	ok(duration_parse("250ms", &ms) == 0 && ms == 250, "250ms");
	ok(duration_parse("1.5s", &ms) == 0 && ms == 1500, "1.5s");
	ok(duration_parse("2m", &ms) == 0 && ms == 120000, "2m");
	ok(duration_parse("3", &ms) == 0 && ms == 3000, "bare number: seconds");
	ok(duration_parse("0", &ms) == 0 && ms == 0, "0");
	ok(duration_parse("-1s", &ms) < 0, "negative");
	ok(duration_parse("s", &ms) < 0, "no digits");
	ok(duration_parse("5 parsecs", &ms) < 0, "unknown unit");
	ok(duration_parse("99999999999999h", &ms) < 0, "too large");
	is_str(duration_format(1500, buf, sizeof buf), "1.5s", "format 1.5s");
	is_str(duration_format(60000, buf, sizeof buf), "1m", "format 1m");
	is_str(duration_format(250, buf, sizeof buf), "250ms", "format 250ms");
}

int
main(void)
{
	test_command();
	test_rewrite_and_remap();
	test_misc();
	test_environment();
	test_procfile();
	test_signame();
	test_duration();
	return done_testing();
}
