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
#include "log.h"
#include "psctl.h"
#include "sockpath.h"
#include "util.h"

#define PSCTL_DEFAULT_TIMEOUT	10000

static const struct {
	const char	*name;
	int		(*fn)(struct psctl *, int, char **);
	const char	*usage;
} verbs[] = {
	{ "status",	verb_status,	"status [NAME...]" },
	{ "start",	verb_startstop,	"start [--wait] NAME..." },
	{ "stop",	verb_startstop,	"stop [--wait] NAME..." },
	{ "restart",	verb_startstop,	"restart [--wait] NAME..." },
	{ "signal",	verb_signal,	"signal SIG NAME..." },
	{ "wait",	verb_wait,	"wait NAME..." },
	{ "logs",	verb_logs,	"logs [-n N] [-f] [--since DURATION]"
	    " [--until-exit] [-t] [NAME...]" },
	{ "tree",	verb_tree,	"tree" },
	{ "stats",	verb_stats,	"stats" },
	{ "ready",	verb_ready,	"ready" },
	{ "ping",	verb_ping,	"ping" },
	{ "reload",	verb_reload,	"reload" },
	{ "shutdown",	verb_shutdown,	"shutdown [--no-wait]" },
	{ "version",	verb_version,	"version" },
};

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
	    "\n4 no such program, 5 psd cannot be reached.  See psctl(1).\n");
}

void
psctl_err(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fprintf(stderr, "psctl: %s\n", buf);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket",	required_argument,	NULL, 's' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "timeout",	required_argument,	NULL, 't' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 },
	};
	struct psctl ps;
	char buf[256];
	const char *nc;
	size_t i;
	int c;

	log_init("psctl", LOG_LVL_WARN);
	memset(&ps, 0, sizeof ps);
	ps.timeout = PSCTL_DEFAULT_TIMEOUT;
	ps.cl.fd = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+s:jt:hV", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			ps.socket = optarg;
			break;
		case 'j':
			ps.json = true;
			break;
		case 't':
			if (duration_parse(optarg, &ps.timeout) < 0) {
				psctl_err("--timeout %s: expected a duration"
				    " like 5s or 500ms", optarg);
				return PSCTL_USAGE;
			}
			ps.timeout_given = true;
			break;
		case 'h':
			usage(stdout);
			return PSCTL_OK;
		case 'V':
			printf("psctl %s\n", PACKAGE_VERSION);
			return PSCTL_OK;
		default:
			psctl_err("unknown option %s", argv[optind - 1]);
			usage(stderr);
			return PSCTL_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return PSCTL_USAGE;
	}
	ps.socket = sockpath_resolve(ps.socket, NULL, buf, sizeof buf);
	nc = getenv("NO_COLOR");
	ps.color = !ps.json && isatty(STDOUT_FILENO) &&
	    (nc == NULL || *nc == '\0');
	if (strcmp(argv[0], "help") == 0) {
		usage(stdout);
		return PSCTL_OK;
	}
	for (i = 0; i < nitems(verbs); i++)
		if (strcmp(argv[0], verbs[i].name) == 0) {
			c = verbs[i].fn(&ps, argc, argv);
			client_close(&ps.cl);
			return c;
		}
	psctl_err("unknown verb \"%s\"; try psctl help", argv[0]);
	return PSCTL_USAGE;
}
