/*
 * persona.c: psd under another init's name (see persona.h).
 *
 * Each peer's command line is parsed the way that peer parses it (its
 * getopt string, its ranges, its exit codes and streams); the result is
 * psd's own struct options, so one engine runs under every name.
 */
#include <getopt.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "drain.h"
#include "jobctl.h"
#include "log.h"
#include "persona.h"
#include "sigdispatch.h"
#include "signals.h"
#include "signame.h"
#include "spawn.h"
#include "util.h"

/* The peer versions whose behaviour psd follows. */
#define PERSONA_TINI_VERSION		"0.19.0"
#define PERSONA_DUMB_INIT_VERSION	"1.2.5"
#define PERSONA_CATATONIT_VERSION	"0.1.7"
#define PERSONA_DUMB_INIT_MAXSIG	31	/* its -r range: 1..31 */

const char persona_license[] =
"psd is distributed under the MIT license:\n\n"
"Permission is hereby granted, free of charge, to any person obtaining a\n"
"copy of this software, to deal in it without restriction, provided the\n"
"copyright notice and this permission notice are included in all copies.\n"
"THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.\n"
"See the LICENSE file for the full text.\n";

enum persona
persona_of(const char *argv0)
{
	const char *base;

	if (argv0 == NULL)
		return PERSONA_PSD;
	base = strrchr(argv0, '/');
	base = base != NULL ? base + 1 : argv0;
	if (strcmp(base, "tini") == 0 || strcmp(base, "tini-static") == 0 ||
	    strcmp(base, "docker-init") == 0)
		return PERSONA_TINI;
	if (strcmp(base, "dumb-init") == 0)
		return PERSONA_DUMB_INIT;
	if (strcmp(base, "catatonit") == 0)
		return PERSONA_CATATONIT;
	return PERSONA_PSD;
}

const char *
persona_name(enum persona p)
{
	switch (p) {
	case PERSONA_TINI:
		return "tini";
	case PERSONA_DUMB_INIT:
		return "dumb-init";
	case PERSONA_CATATONIT:
		return "catatonit";
	default:
		return "psd";
	}
}

/* Add FROM:TO to the rewrites (the peers' fixed ones and dumb-init's -r). */
static void
persona_rewrite(struct options *o, int from, int to)
{
	int i;

	for (i = 0; i < o->nrewrites; i++)
		if (o->rewrite_from[i] == from) {
			o->rewrite_to[i] = to;
			return;
		}
	if (o->nrewrites < OPTIONS_MAX_REWRITES) {
		o->rewrite_from[o->nrewrites] = from;
		o->rewrite_to[o->nrewrites] = to;
		o->nrewrites++;
	}
}

/* Everything the peers share: what outlives the main child is not waited
 * for, every TERM and INT is forwarded. */
static void
persona_defaults(struct options *o)
{
	memset(o, 0, sizeof *o);
	o->grace = 0;
	o->no_escalate = true;
}

/* The option letter (or long name) getopt could not use. */
static void
persona_bad_option(FILE *err, const char *who, char **argv)
{
	if (optopt != 0)
		fprintf(err, "%s (psd): unknown option -%c, or it needs a value\n",
		    who, optopt);
	else
		fprintf(err, "%s (psd): unknown option %s\n", who,
		    argv[optind - 1]);
}

/* tini's usage, in psd's words. */
static void
persona_tini_usage(FILE *f, const char *name)
{
	fprintf(f,
"%s: psd answering as tini %s\n"
"usage: %s [OPTIONS] PROGRAM [-- ARGS...]   (or: %s --version)\n"
"Runs PROGRAM as its init: reaps every zombie, passes signals on, exits\n"
"with PROGRAM's status (128+N when signal N killed it).\n"
"  -h          this text            -l          the license\n"
"  -s          be a subreaper (psd always is)\n"
"  -p SIGNAL   get SIGNAL when the parent dies (e.g. -p SIGKILL)\n"
"  -v          log more (again for more still)\n"
"  -w          log each zombie reaped\n"
"  -g          pass signals to PROGRAM's whole process group\n"
"  -e CODE     treat exit status CODE (0-255) as success\n"
"Environment: TINI_SUBREAPER (psd always is one), TINI_VERBOSITY=N,\n"
"TINI_KILL_PROCESS_GROUP (as -g).  See psd(8) for what differs.\n",
	    name, PERSONA_TINI_VERSION, name, name);
}

static int
persona_tini(struct options *o, int argc, char **argv, FILE *out, FILE *err)
{
	const char *name = argv[0];
	const char *v;
	bool subreaper = false;
	long n;
	int c;

	if ((v = strrchr(name, '/')) != NULL)
		name = v + 1;
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		fprintf(out, "tini version %s (psd %s)\n", PERSONA_TINI_VERSION,
		    PACKAGE_VERSION);
		return 0;
	}
	/* Like tini: options may follow PROGRAM unless POSIXLY_CORRECT. */
	while ((c = getopt(argc, argv, ":p:hvwgle:s")) != -1) {
		switch (c) {
		case 'h':
			persona_tini_usage(out, name);
			return 0;
		case 's':
			subreaper = true;
			break;
		case 'p':
			/* tini knows the SIG-prefixed names only */
			o->pdeathsig = strncmp(optarg, "SIG", 3) == 0 ?
			    sig_parse(optarg, 0) : -1;
			if (o->pdeathsig <= 0 || o->pdeathsig >= 32) {
				fprintf(err, "%s (psd): -p %s: expected a signal"
				    " name like SIGKILL\n", name, optarg);
				return 1;
			}
			break;
		case 'v':
			o->verbose++;
			break;
		case 'w':
			o->warn_reap = true;
			break;
		case 'g':
			o->pgroup = true;
			break;
		case 'e':
			if (parse_long(optarg, 0, 255, &n) < 0) {
				fprintf(err, "%s (psd): -e %s: expected an exit"
				    " code from 0 to 255\n", name, optarg);
				return 1;
			}
			o->remap[n] = true;
			break;
		case 'l':
			fputs(persona_license, out);
			return 0;
		default:
			persona_bad_option(err, name, argv);
			persona_tini_usage(err, name);
			return 1;
		}
	}
	o->cmd = argv + optind;
	o->ncmd = argc - optind;
	if (o->ncmd == 0) {
		persona_tini_usage(err, name);
		return 1;
	}
	/*
	 * Like tini: a subreaper only when asked (-s, TINI_SUBREAPER) or
	 * when it already was one; psd's own name always is.
	 */
	if (getenv("TINI_SUBREAPER") != NULL)
		subreaper = true;
	if (!subreaper && prctl(PR_GET_CHILD_SUBREAPER, &c, 0, 0, 0) == 0 &&
	    c == 0)
		o->no_subreaper = true;
	if (getenv("TINI_KILL_PROCESS_GROUP") != NULL)
		o->pgroup = true;
	if ((v = getenv("TINI_VERBOSITY")) != NULL)
		o->verbose = atoi(v) - 1;	/* tini's 1 is psd's default */
	o->no_jobstop = true;
	/* tini ignores TTIN and TTOU and forwards TSTP. */
	persona_rewrite(o, SIGTTIN, 0);
	persona_rewrite(o, SIGTTOU, 0);
	return -1;
}

/* dumb-init's help, in psd's words. */
static void
persona_dumb_init_help(FILE *f, const char *argv0)
{
	fprintf(f,
"psd answering as dumb-init v%s\n"
"usage: %s [OPTION...] COMMAND [ARG...]\n"
"Runs COMMAND in a new session as a container's init: reaps zombies and\n"
"passes every signal to COMMAND's process group.\n"
"  -c, --single-child   no new session: signals go to COMMAND alone\n"
"  -r, --rewrite S:R    pass signal S on as R (1-%d; R = 0 drops S);\n"
"                       repeatable\n"
"  -v, --verbose        debug output on stderr\n"
"  -h, --help           this text\n"
"  -V, --version        the version\n"
"Environment: DUMB_INIT_SETSID=0 (as -c), DUMB_INIT_DEBUG=1 (as -v).\n"
"See psd(8) for what differs.\n",
	    PERSONA_DUMB_INIT_VERSION, argv0, PERSONA_DUMB_INIT_MAXSIG);
}

/* dumb-init's -r S:R, with its range and its exit 1. */
static int
persona_dumb_init_rewrite(struct options *o, const char *arg, FILE *err)
{
	int from, to, len = 0;

	if (sscanf(arg, "%d:%d%n", &from, &to, &len) != 2 ||
	    from < 1 || from > PERSONA_DUMB_INIT_MAXSIG ||
	    to < 0 || to > PERSONA_DUMB_INIT_MAXSIG) {
		fprintf(err, "dumb-init (psd): -r %s: expected S:R, two signal"
		    " numbers, S from 1 to %d and R from 0 to %d\n", arg,
		    PERSONA_DUMB_INIT_MAXSIG, PERSONA_DUMB_INIT_MAXSIG);
		return 1;
	}
	persona_rewrite(o, from, to);
	return 0;
}

static int
persona_dumb_init(struct options *o, int argc, char **argv, FILE *out,
    FILE *err)
{
	static const struct option longs[] = {
		{ "help",		no_argument,		NULL, 'h' },
		{ "single-child",	no_argument,		NULL, 'c' },
		{ "rewrite",		required_argument,	NULL, 'r' },
		{ "verbose",		no_argument,		NULL, 'v' },
		{ "version",		no_argument,		NULL, 'V' },
		{ NULL,			0,			NULL, 0 },
	};
	const char *v;
	bool setsid = true;
	int c;

	(void)out;		/* dumb-init prints everything on stderr */
	while ((c = getopt_long(argc, argv, "+:hvVcr:", longs, NULL)) != -1) {
		switch (c) {
		case 'h':
			persona_dumb_init_help(err, argv[0]);
			return 0;
		case 'v':
			o->verbose = 2;
			break;
		case 'V':
			fprintf(err, "dumb-init v%s (psd %s)\n",
			    PERSONA_DUMB_INIT_VERSION, PACKAGE_VERSION);
			return 0;
		case 'c':
			setsid = false;
			break;
		case 'r':
			if (persona_dumb_init_rewrite(o, optarg, err) != 0)
				return 1;
			break;
		default:
			persona_bad_option(err, "dumb-init", argv);
			return 1;
		}
	}
	o->cmd = argv + optind;
	o->ncmd = argc - optind;
	if (o->ncmd == 0) {
		fprintf(err, "usage: %s [OPTION...] COMMAND [ARG...]  (%s --help"
		    " says more)\n", argv[0], argv[0]);
		return 1;
	}
	if ((v = getenv("DUMB_INIT_DEBUG")) != NULL && strcmp(v, "1") == 0)
		o->verbose = 2;
	if ((v = getenv("DUMB_INIT_SETSID")) != NULL && strcmp(v, "0") == 0)
		setsid = false;
	o->setsid = o->pgroup = setsid;
	o->jobstop_always = true;
	/* dumb-init catches 1-31 and unblocks every signal in its child. */
	o->child_std_default = true;
	/* dumb-init's child exits 2 when it cannot exec COMMAND. */
	o->fail_code = 2;
	/*
	 * When COMMAND ends, in its own session the rest get one SIGTERM and
	 * psd exits; with -c they are left alone.
	 */
	o->grace = setsid ? DRAIN_GRACE_TERM_ONLY : 0;
	return -1;
}

/* catatonit's short usage line, in psd's words. */
static void
persona_catatonit_usage(FILE *f)
{
	fprintf(f, "usage: catatonit [-ghLPV] [--] PROGRAM [ARGS...]\n");
}

static int
persona_catatonit(struct options *o, int argc, char **argv, FILE *out,
    FILE *err)
{
	static const struct option longs[] = {
		{ "version",	no_argument,	NULL, 'V' },
		{ NULL,		0,		NULL, 0 },
	};
	bool pause = false;
	int c;

	if (getenv("CATATONIT_DEBUG") != NULL)
		o->verbose = 2;
	if (getenv("CATATONIT_LOG") != NULL) {
		fprintf(err, "catatonit (psd): CATATONIT_LOG is reserved and"
		    " must not be set\n");
		return 1;
	}
	while ((c = getopt_long(argc, argv, ":ghLPV", longs, NULL)) != -1) {
		switch (c) {
		case 'g':
			o->pgroup = true;
			break;
		case 'P':
			pause = true;
			break;
		case 'h':
			persona_catatonit_usage(err);
			fprintf(err,
"psd answering as catatonit %s: runs PROGRAM as the container's init.\n"
"  -g         pass signals to PROGRAM's process group\n"
"  -h         this text\n"
"  -L         the license\n"
"  -P         pause: run no program, reap until SIGINT or SIGTERM\n"
"  -V, --version  the version\n"
"See psd(8) for what differs.\n", PERSONA_CATATONIT_VERSION);
			return 0;
		case 'L':
			fputs(persona_license, out);
			return 0;
		case 'V':
			fprintf(out, "tini version %s_catatonit (psd %s)\n",
			    PERSONA_CATATONIT_VERSION, PACKAGE_VERSION);
			return 0;
		default:
			persona_bad_option(err, "catatonit", argv);
			persona_catatonit_usage(err);
			return 1;
		}
	}
	o->cmd = argv + optind;
	o->ncmd = pause ? 0 : argc - optind;
	if (o->ncmd == 0 && !pause) {
		fprintf(err, "catatonit (psd): no PROGRAM to run (or -P to"
		    " pause)\n");
		persona_catatonit_usage(err);
		return 1;
	}
	o->no_jobstop = true;
	o->fail_code = 1;	/* catatonit's status when exec fails */
	/* catatonit ignores all three job-control stops. */
	persona_rewrite(o, SIGTSTP, 0);
	persona_rewrite(o, SIGTTIN, 0);
	persona_rewrite(o, SIGTTOU, 0);
	return -1;
}

int
persona_parse(enum persona p, struct options *o, int argc, char **argv,
    FILE *out, FILE *err)
{
	persona_defaults(o);
	optind = 0;		/* glibc: start afresh, '+' and POSIXLY_CORRECT too */
	opterr = 0;
	switch (p) {
	case PERSONA_TINI:
		return persona_tini(o, argc, argv, out, err);
	case PERSONA_DUMB_INIT:
		return persona_dumb_init(o, argc, argv, out, err);
	case PERSONA_CATATONIT:
		return persona_catatonit(o, argc, argv, out, err);
	default:
		return -1;
	}
}

/* Was a rewrite of sig asked for? */
static bool
persona_rewritten(const struct options *o, int sig)
{
	int i;

	for (i = 0; i < o->nrewrites; i++)
		if (o->rewrite_from[i] == sig)
			return true;
	return false;
}

void
persona_apply(const struct options *o)
{
	struct sigdispatch_opts so;
	static const int stops[] = { SIGTSTP, SIGTTIN, SIGTTOU };
	size_t i;
	int r;

	/* main made psd a subreaper before: tini without -s is none. */
	if (o->no_subreaper && getpid() != 1) {
		if (prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0) < 0)
			log_warn("prctl PR_SET_CHILD_SUBREAPER 0");
		log_warnx("neither PID 1 nor a subreaper (no -s, no"
		    " TINI_SUBREAPER): orphans escape to the real init, so"
		    " their zombies are not psd's to reap");
	}
	for (r = 0; r < o->nrewrites; r++)
		signals_set_rewrite(o->rewrite_from[r], o->rewrite_to[r]);
	/*
	 * In its own session the main program's group is orphaned: the
	 * kernel discards TSTP, TTIN and TTOU sent to it.  Send SIGSTOP.
	 */
	if (o->setsid && !o->no_jobstop)
		for (i = 0; i < sizeof stops / sizeof stops[0]; i++)
			if (!persona_rewritten(o, stops[i]))
				signals_set_rewrite(stops[i], SIGSTOP);
	if (o->child_std_default)
		signals_set_child_std_default();
	if (o->fail_code != 0)
		spawn_set_failure_code(o->fail_code);
	so.escalate = !o->no_escalate;
	so.jobstop = !o->no_jobstop;
	so.jobstop_always = o->jobstop_always;
	sigdispatch_configure(&so);
}
