/*
 * psctl.c: inspect and steer a running psd over its control socket.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "duration.h"
#include "json.h"
#include "log.h"
#include "psctl.h"
#include "sockpath.h"
#include "util.h"
#include "xmalloc.h"

#define PSCTL_DEFAULT_TIMEOUT	10000

static const char *const no_opts[] = { NULL };
static const char *const shutdown_opts[] = { "--no-wait", NULL };

static const struct {
	const char	*name;
	int		(*fn)(struct psctl *, int, char **);
	int		 max_args;	/* -1: any number */
	const char	*usage;
	/* Options the verb takes, checked here; NULL: it parses its own. */
	const char	*const *opts;
} verbs[] = {
	{ "status",	verb_status,	-1, "status [NAME...]", no_opts },
	{ "start",	verb_startstop,	-1, "start [--wait] NAME...", NULL },
	{ "stop",	verb_startstop,	-1, "stop [--wait] NAME...", NULL },
	{ "restart",	verb_startstop,	-1, "restart [--wait] NAME...", NULL },
	{ "signal",	verb_signal,	-1, "signal SIG NAME...", no_opts },
	{ "wait",	verb_wait,	-1, "wait NAME...|POOL#ID...", no_opts },
	{ "logs",	verb_logs,	-1, "logs [-n N] [-f] [--since DURATION]"
	    " [--until-exit] [-t] [NAME...]", NULL },
	{ "tree",	verb_tree,	0, "tree", no_opts },
	{ "events",	verb_events,	-1, "events [--since DURATION]"
	    " [-k KIND[,KIND]] [--no-follow] [-c N] [NAME...]", NULL },
	{ "top",	verb_top,	-1, "top [--once] [-d DURATION] [--ascii]",
	    NULL },
	{ "stats",	verb_stats,	0, "stats", no_opts },
	{ "sockets",	verb_sockets,	0, "sockets", no_opts },
	{ "ready",	verb_ready,	0, "ready", no_opts },
	{ "ping",	verb_ping,	0, "ping", no_opts },
	{ "reload",	verb_reload,	0, "reload", no_opts },
	{ "shutdown",	verb_shutdown,	1, "shutdown [--no-wait]",
	    shutdown_opts },
	{ "version",	verb_version,	0, "version", no_opts },
	/* supervisorctl's habits (psctl(1) "COMING FROM SUPERVISORCTL") */
	{ "tail",	verb_tail,	-1, "tail [-f] [-N] NAME [stdout|stderr]",
	    NULL },
	{ "avail",	verb_avail,	0, "avail", no_opts },
	{ "reread",	verb_reread,	0, "reread", no_opts },
	{ "update",	verb_reload,	0, "update  (= reload)", no_opts },
	{ "pid",	verb_pid,	-1, "pid [NAME...|all]", no_opts },
	{ "clear",	verb_clear,	-1, "clear NAME...", no_opts },
	/* pools of one-shot jobs (multiprocessing.Pool) */
	{ "submit",	verb_submit,	-1, "submit POOL [--no-wait] -- CMD"
	    " [ARGS...]", NULL },
	{ "run",	verb_run,	-1, "run POOL [--no-wait] -- CMD"
	    " [ARGS...]", NULL },
	{ "map",	verb_map,	-1, "map POOL [--ordered] [--no-wait] --"
	    " CMD [ARGS...] {} [::: ITEM...]", NULL },
	{ "result",	verb_result,	1, "result POOL#ID", no_opts },
	{ "jobs",	verb_jobs,	1, "jobs [POOL]", no_opts },
	{ "cancel",	verb_cancel,	-1, "cancel POOL#ID...", no_opts },
	{ "close",	verb_pool_ctl,	1, "close POOL", no_opts },
	{ "join",	verb_pool_ctl,	1, "join POOL", no_opts },
	{ "terminate",	verb_pool_ctl,	1, "terminate POOL", no_opts },
};

/*
 * Check the options of a verb that takes none (or a fixed few): an
 * unknown one is a usage error naming it, never a program name.  A "--"
 * ends the options (for a program named -x) and is taken out.  Returns
 * the new argc, or -1 after the error.
 */
static int
psctl_verb_opts(const char *const *opts, int argc, char **argv)
{
	int i, k, n = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (++i < argc)
				argv[n++] = argv[i];
			break;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			for (k = 0; opts[k] != NULL; k++)
				if (strcmp(argv[i], opts[k]) == 0)
					break;
			if (opts[k] == NULL) {
				psctl_err("%s: unknown option %s", argv[0],
				    argv[i]);
				return -1;
			}
		}
		argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

/* Finish: the --json error document if none was written; the status. */
static int
psctl_exit(struct psctl *ps, int status)
{
	psctl_json_failure(ps, status);
	json_discard();
	return status;
}

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: psctl [-s SOCKET] [--json] [--timeout DURATION]"
	    " VERB [ARGS...]\n\nverbs:\n");
	for (i = 0; i < nitems(verbs); i++)
		fprintf(out, "  %s\n", verbs[i].usage);
	fprintf(out, "\nNAME is a program (web), an instance (web:2), every"
	    " instance (web:*), or all.\n"
	    "Exit status: 0 ok, 1 failed or refused, 2 usage, 3 not running,"
	    "\n4 no such program (or pool, or job), 5 psd cannot be reached,\n"
	    "6 the pool is closed, 7 its queue is full (--no-wait); psctl run\n"
	    "and map exit with the job's status.  See psctl(1).\n");
}

/*
 * Take the global options that follow the verb (psctl status --json,
 * psctl wait web --timeout 5s) out of argv into a, up to a "--".
 * Returns the new argc of argv.
 */
static int
psctl_hoist(int argc, char **argv, char **a, int *na)
{
	static const char *const flags[] = { "-j", "--json" };
	static const char *const valued[] = { "-s", "--socket", "-t",
	    "--timeout" };
	size_t k, l;
	int i, n = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[n++] = argv[i++];
			break;
		}
		for (k = 0; k < nitems(flags); k++)
			if (strcmp(argv[i], flags[k]) == 0)
				break;
		if (k < nitems(flags)) {
			a[(*na)++] = argv[i];
			continue;
		}
		for (k = 0; k < nitems(valued); k++) {
			l = strlen(valued[k]);
			if (strcmp(argv[i], valued[k]) == 0 ||
			    (l > 2 && strncmp(argv[i], valued[k], l) == 0 &&
			    argv[i][l] == '='))
				break;
		}
		if (k < nitems(valued)) {
			a[(*na)++] = argv[i];
			if (strchr(argv[i], '=') == NULL && i + 1 < argc)
				a[(*na)++] = argv[++i];
			continue;
		}
		argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

/* Parse the global options in argv; an exit status, or -1 to go on. */
static int
psctl_options(struct psctl *ps, int argc, char **argv, bool hoisted)
{
	static const struct option opts[] = {
		{ "socket",	required_argument,	NULL, 's' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "timeout",	required_argument,	NULL, 't' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:s:jt:hV", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			ps->socket = optarg;
			break;
		case 'j':
			ps->json = true;
			break;
		case 't':
			if (duration_parse(optarg, &ps->timeout) < 0) {
				psctl_err("--timeout %s: expected a duration"
				    " like 5s or 500ms", optarg);
				return PSCTL_USAGE;
			}
			ps->timeout_given = true;
			break;
		case 'h':
			usage(stdout);
			return PSCTL_OK;
		case 'V':
			printf("psctl %s\n", PACKAGE_VERSION);
			return PSCTL_OK;
		case ':':
			psctl_err("option %s needs an argument%s",
			    argv[optind - 1], hoisted ? "" : "; try psctl help");
			return PSCTL_USAGE;
		default:
			psctl_err("unknown option %s; try psctl help",
			    argv[optind - 1]);
			return PSCTL_USAGE;
		}
	}
	return hoisted || optind < argc ? -1 : -2;
}

int
main(int argc, char **argv)
{
	struct psctl ps;
	char buf[256], **a;
	const char *nc;
	size_t i;
	int r, na = 1;

	log_init("psctl", LOG_LVL_WARN);
	memset(&ps, 0, sizeof ps);
	ps.timeout = PSCTL_DEFAULT_TIMEOUT;
	ps.cl.fd = -1;
	r = psctl_options(&ps, argc, argv, false);
	if (r == -2) {
		usage(stderr);
		r = PSCTL_USAGE;
	}
	if (r >= 0)
		return psctl_exit(&ps, r);
	argc -= optind;
	argv += optind;
	/* Options after the verb: parsed as if they came before it. */
	a = xcalloc((size_t)argc + 2, sizeof *a);
	a[0] = (char *)"psctl";
	argc = psctl_hoist(argc, argv, a, &na);
	r = psctl_options(&ps, na, a, true);
	free(a);
	if (r >= 0)
		return psctl_exit(&ps, r);
	ps.socket = sockpath_resolve(ps.socket, NULL, buf, sizeof buf);
	nc = getenv("NO_COLOR");
	ps.color = !ps.json && isatty(STDOUT_FILENO) &&
	    (nc == NULL || *nc == '\0');
	if (strcmp(argv[0], "help") == 0) {
		usage(stdout);
		return PSCTL_OK;
	}
	for (i = 0; i < nitems(verbs); i++) {
		if (strcmp(argv[0], verbs[i].name) != 0)
			continue;
		if (verbs[i].opts != NULL && (argc = psctl_verb_opts(
		    verbs[i].opts, argc, argv)) < 0)
			return psctl_exit(&ps, PSCTL_USAGE);
		if (verbs[i].max_args >= 0 && argc - 1 > verbs[i].max_args) {
			psctl_err("%s: unexpected argument \"%s\"; usage:"
			    " psctl %s", argv[0], argv[1 + verbs[i].max_args],
			    verbs[i].usage);
			return psctl_exit(&ps, PSCTL_USAGE);
		}
		r = verbs[i].fn(&ps, argc, argv);
		client_close(&ps.cl);
		return psctl_exit(&ps, r);
	}
	psctl_err("unknown verb \"%s\"; try psctl help", argv[0]);
	return psctl_exit(&ps, PSCTL_USAGE);
}
