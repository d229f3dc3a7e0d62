/*
 * options.c: parse psd's command line.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "duration.h"
#include "lineage.h"
#include "options.h"
#include "signame.h"
#include "util.h"

static const struct option long_opts[] = {
	{ "config",	required_argument,	NULL, 'c' },
	{ "check",	no_argument,		NULL, 'C' },
	{ "print-config", no_argument,		NULL, 'X' },
	{ "demo",	no_argument,		NULL, 'D' },
	{ "daemonize",	no_argument,		NULL, 'd' },
	{ "pidfile",	required_argument,	NULL, 'P' },
	{ "socket",	required_argument,	NULL, 'S' },
	{ "pgroup",	no_argument,		NULL, 'g' },
	{ "setsid",	no_argument,		NULL, 'Z' },
	{ "rewrite",	required_argument,	NULL, 'r' },
	{ "remap-exit",	required_argument,	NULL, 'e' },
	{ "pdeathsig",	required_argument,	NULL, 'p' },
	{ "subreaper",	no_argument,		NULL, 's' },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "warn-reap",	no_argument,		NULL, 'w' },
	{ "grace",	required_argument,	NULL, 'G' },
	{ "procfile",	required_argument,	NULL, 'F' },
	{ "env",	required_argument,	NULL, 'E' },
	{ "formation",	required_argument,	NULL, 'm' },
	{ "port",	required_argument,	NULL, 'O' },
	{ "restart",	required_argument,	NULL, 'R' },
	{ "attribution", required_argument,	NULL, 'A' },
	{ "jobs",	required_argument,	NULL, 'j' },
	{ "map",	no_argument,		NULL, 'M' },
	{ "job-timeout", required_argument,	NULL, 'T' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "license",	no_argument,		NULL, 'l' },
	{ NULL,		0,			NULL, 0 },
};

void
options_usage(FILE *out)
{
	fputs(
"usage: psd [OPTIONS] [--] CMD [ARGS...]   run CMD as PID 1 / subreaper\n"
"       psd [OPTIONS] -c FILE [-- CMD...]   supervise FILE's programs\n"
"       psd [OPTIONS]                       pause: only reap, until SIGTERM\n"
"       psd --demo                          the built-in demonstration\n"
"       psd [--jobs N] --map -- CMD {} < ITEMS  CMD per line, N at a time\n"
"\n"
"Reaping and signals:\n"
"  -g, --pgroup           forward signals to the child's process group\n"
"      --setsid           run CMD in a new session (implies -g)\n"
"  -r, --rewrite FROM:TO  rewrite signal FROM to TO before acting on it;\n"
"                         TO = 0 drops it (repeatable; names or numbers)\n"
"  -e, --remap-exit CODE  exit 0 when the child exits with CODE (repeatable)\n"
"  -p, --pdeathsig SIG    receive SIG when psd's parent dies\n"
"      --grace DURATION   after the main program ends, wait this long for\n"
"                         the rest to exit after SIGTERM, then SIGKILL\n"
"                         (default 5s; 0: exit at once)\n"
"  -s, --subreaper        accepted for tini compatibility (always on)\n"
"  -w, --warn-reap        log every orphan reaped\n"
"      --attribution MODE how orphans are attributed to programs: auto\n"
"                         (a cgroup per program where cgroup v2 is\n"
"                         writable, else sessions), cgroup, or session\n"
"\n"
"Config mode:\n"
"  -c, --config FILE      supervise the programs of FILE (psd.conf(5))\n"
"      --check            validate FILE, print the resolved programs, exit\n"
"      --print-config     with --check: print FILE as an equivalent psd.ini\n"
"      --demo             run the embedded demonstration config\n"
"  -d, --daemonize        detach into the background (double fork, setsid)\n"
"      --pidfile FILE     write psd's pid to FILE\n"
"      --socket PATH      control socket for psctl\n"
"\n"
"Batch mode (a pool of one-shot jobs, like xargs -P N -I {}):\n"
"      --map              run CMD once per line of stdin, {} in its words\n"
"                         replaced by the line (appended if no {})\n"
"      --jobs N           at most N jobs at once (default: the CPUs)\n"
"      --job-timeout D    stop a job running longer than D\n"
"\n"
"Procfile mode (-c FILE reads a Procfile too):\n"
"      --procfile FILE    run FILE's NAME: COMMAND lines as foreman does\n"
"      --env FILE         load FILE (foreman's .env syntax) instead of the\n"
"                         .env beside the Procfile (repeatable)\n"
"  -m, --formation SPEC   how many of each: web=2,worker=3 or all=N\n"
"      --port N           base port (default: PORT from .env, else 5000)\n"
"      --restart POLICY   never|on-failure|always: restart by psd's policy\n"
"                         instead of ending the run when one process ends\n"
"\n"
"General:\n"
"  -v, --verbose          more log output (repeatable)\n"
"  -q, --quiet            less log output (repeatable)\n"
"  -h, --help             show this help\n"
"  -V, --version          show the version\n"
"  -l, --license          show the license\n"
"\n"
"Environment: PSD_PGROUP=1 (also TINI_KILL_PROCESS_GROUP), PSD_SETSID=1,\n"
"PSD_GRACE=DURATION, PSD_VERBOSE=N, PSD_REWRITE=FROM:TO[,FROM:TO...];\n"
"the command line wins over them.  With NOTIFY_SOCKET set (systemd\n"
"Type=notify) psd reports READY=1, STATUS=, STOPPING=1 to its manager.\n"
"Invoked as tini, dumb-init or catatonit, psd takes that tool's command\n"
"line instead.  See psd(8).\n", out);
}

/* Parse FROM:TO into the rewrite table. */
static int
options_rewrite(struct options *o, const char *arg, char *err, size_t errlen)
{
	char buf[64], *colon;
	int from, to;

	if (strlen(arg) >= sizeof buf || (colon = strchr(arg, ':')) == NULL) {
		snprintf(err, errlen, "--rewrite %s: expected FROM:TO", arg);
		return 2;
	}
	memcpy(buf, arg, strlen(arg) + 1);
	buf[colon - arg] = '\0';
	from = sig_parse(buf, 0);
	to = sig_parse(buf + (colon - arg) + 1, 1);
	if (from <= 0 || to < 0) {
		snprintf(err, errlen, "--rewrite %s: unknown signal \"%s\"", arg,
		    from <= 0 ? buf : buf + (colon - arg) + 1);
		return 2;
	}
	if (from == SIGKILL || from == SIGSTOP || from == SIGCHLD) {
		snprintf(err, errlen, "--rewrite %s: %s cannot be rewritten",
		    arg, sig_name(from));
		return 2;
	}
	if (o->nrewrites == OPTIONS_MAX_REWRITES) {
		snprintf(err, errlen, "--rewrite: too many rewrites");
		return 2;
	}
	o->rewrite_from[o->nrewrites] = from;
	o->rewrite_to[o->nrewrites] = to;
	o->nrewrites++;
	return 0;
}

/* The Procfile options (psd(8) "PROCFILES"). */
static int
options_procfile(struct options *o, int c, const char *arg, char *err,
    size_t errlen)
{
	long n;

	switch (c) {
	case 'F':
		o->procfile = arg;
		return 0;
	case 'E':
		if (o->nenvfiles == OPTIONS_MAX_ENVFILES) {
			snprintf(err, errlen, "--env: more than %d files",
			    OPTIONS_MAX_ENVFILES);
			return 2;
		}
		o->envfiles[o->nenvfiles++] = arg;
		return 0;
	case 'm':
		o->formation = arg;
		return 0;
	case 'O':
		if (parse_long(arg, 0, 65535, &n) < 0) {
			snprintf(err, errlen, "--port %s: expected a port"
			    " number from 0 to 65535", arg);
			return 2;
		}
		o->port = (int)n;
		return 0;
	default:
		if (strcmp(arg, "never") == 0)
			o->restart = 0;
		else if (strcmp(arg, "on-failure") == 0)
			o->restart = 1;
		else if (strcmp(arg, "always") == 0)
			o->restart = 2;
		else {
			snprintf(err, errlen, "--restart %s: expected never,"
			    " on-failure or always", arg);
			return 2;
		}
		return 0;
	}
}

/* True for "1", "true", "yes", "on". */
static bool
options_env_true(const char *v)
{
	return v != NULL && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 ||
	    strcasecmp(v, "yes") == 0 || strcasecmp(v, "on") == 0);
}

/* Defaults from the environment, before the command line overrides. */
static int
options_env(struct options *o, char *err, size_t errlen)
{
	const char *v;
	char *copy, *tok, *save;
	long n;
	int r = 0;

	if (options_env_true(getenv("PSD_PGROUP")) ||
	    getenv("TINI_KILL_PROCESS_GROUP") != NULL)
		o->pgroup = true;
	if (options_env_true(getenv("PSD_SETSID")))
		o->setsid = o->pgroup = true;
	if ((v = getenv("PSD_GRACE")) != NULL && duration_parse(v, &o->grace) < 0) {
		snprintf(err, errlen, "PSD_GRACE=%s: expected a duration like"
		    " 5s or 500ms", v);
		return 2;
	}
	if ((v = getenv("PSD_VERBOSE")) != NULL) {
		if (parse_long(v, 0, 5, &n) < 0) {
			snprintf(err, errlen, "PSD_VERBOSE=%s: expected 0 to 5", v);
			return 2;
		}
		o->verbose = (int)n;
	} else if ((v = getenv("TINI_VERBOSITY")) != NULL &&
	    parse_long(v, 0, 5, &n) == 0)
		o->verbose = (int)n - 1;	/* tini's default is 1 */
	if ((v = getenv("PSD_REWRITE")) != NULL) {
		copy = strdup(v);
		if (copy == NULL)
			return 2;
		for (tok = strtok_r(copy, ", ", &save); tok != NULL && r == 0;
		    tok = strtok_r(NULL, ", ", &save))
			r = options_rewrite(o, tok, err, errlen);
		free(copy);
	}
	return r;
}

int
options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen)
{
	long n;
	int c, r;

	memset(o, 0, sizeof *o);
	o->grace = -1;
	o->port = -1;
	o->restart = -1;
	err[0] = '\0';
	if ((r = options_env(o, err, errlen)) != 0)
		return r;
	optind = 1;
	opterr = 0;
	/* '+': stop at the first non-option, like tini (psd CMD ARGS...). */
	while ((c = getopt_long(argc, argv, "+:c:dgr:e:p:m:svqwhVl", long_opts,
	    NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'C':
			o->check = true;
			break;
		case 'X':
			o->print_config = true;
			break;
		case 'D':
			o->demo = true;
			break;
		case 'd':
			o->daemonize = true;
			break;
		case 'P':
			o->pidfile = optarg;
			break;
		case 'S':
			o->socket = optarg;
			break;
		case 'g':
			o->pgroup = true;
			break;
		case 'Z':
			o->setsid = o->pgroup = true;
			break;
		case 'r':
			if ((r = options_rewrite(o, optarg, err, errlen)) != 0)
				return r;
			break;
		case 'e':
			if (parse_long(optarg, 0, 255, &n) < 0) {
				snprintf(err, errlen, "-e %s: expected an exit"
				    " code from 0 to 255", optarg);
				return 2;
			}
			o->remap[n] = true;
			break;
		case 'p':
			o->pdeathsig = sig_parse(optarg, 0);
			if (o->pdeathsig <= 0) {
				snprintf(err, errlen, "-p %s: unknown signal",
				    optarg);
				return 2;
			}
			break;
		case 's':
			break;		/* psd is always a subreaper */
		case 'v':
			o->verbose++;
			break;
		case 'q':
			o->verbose--;
			break;
		case 'A':
			if (strcmp(optarg, "auto") == 0)
				o->attribution = LINEAGE_AUTO;
			else if (strcmp(optarg, "cgroup") == 0)
				o->attribution = LINEAGE_CGROUP;
			else if (strcmp(optarg, "session") == 0)
				o->attribution = LINEAGE_GROUP;
			else {
				snprintf(err, errlen, "--attribution %s:"
				    " expected auto, cgroup or session", optarg);
				return 2;
			}
			break;
		case 'w':
			o->warn_reap = true;
			break;
		case 'G':
			if (duration_parse(optarg, &o->grace) < 0) {
				snprintf(err, errlen, "--grace %s: expected a"
				    " duration like 5s or 500ms", optarg);
				return 2;
			}
			break;
		case 'F':
		case 'E':
		case 'm':
		case 'O':
		case 'R':
			if ((r = options_procfile(o, c, optarg, err,
			    errlen)) != 0)
				return r;
			break;
		case 'j':
			if (parse_long(optarg, 1, 100000, &n) < 0) {
				snprintf(err, errlen, "--jobs %s: expected a"
				    " number of workers from 1 to 100000",
				    optarg);
				return 2;
			}
			o->jobs = (int)n;
			break;
		case 'M':
			o->map = true;
			break;
		case 'T':
			if (duration_parse(optarg, &o->job_timeout) < 0) {
				snprintf(err, errlen, "--job-timeout %s:"
				    " expected a duration like 5s", optarg);
				return 2;
			}
			break;
		case 'h':
			o->help = true;
			break;
		case 'V':
			o->version = true;
			break;
		case 'l':
			o->license = true;
			break;
		case ':':
			snprintf(err, errlen, "option %s needs a value",
			    argv[optind - 1]);
			return 2;
		default:
			if (optopt != 0)
				snprintf(err, errlen, "unknown option -%c", optopt);
			else
				snprintf(err, errlen, "unknown option %s",
				    argv[optind - 1]);
			return 2;
		}
	}
	o->cmd = argv + optind;
	o->ncmd = argc - optind;
	if (o->procfile != NULL && o->config != NULL) {
		snprintf(err, errlen, "--procfile and -c cannot be used"
		    " together");
		return 2;
	}
	if (o->procfile != NULL && o->demo) {
		snprintf(err, errlen, "--demo and --procfile cannot be used"
		    " together");
		return 2;
	}
	if (o->check && o->config == NULL && o->procfile == NULL &&
	    !o->demo) {
		snprintf(err, errlen, "--check needs -c FILE (or --demo)");
		return 2;
	}
	if (o->print_config && !o->check) {
		snprintf(err, errlen, "--print-config goes with --check");
		return 2;
	}
	if (o->demo && o->config != NULL) {
		snprintf(err, errlen, "--demo and -c cannot be used together");
		return 2;
	}
	if ((o->jobs > 0 || o->job_timeout > 0) && !o->map) {
		snprintf(err, errlen, "--jobs and --job-timeout go with --map");
		return 2;
	}
	if (o->map && (o->ncmd == 0 || o->config != NULL ||
	    o->procfile != NULL || o->demo)) {
		snprintf(err, errlen, "--map needs a command (psd --jobs N"
		    " --map -- CMD {} < items), and no -c, --procfile or"
		    " --demo");
		return 2;
	}
	return 0;
}
