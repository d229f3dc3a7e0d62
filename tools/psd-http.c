/*
 * psd-http.c: psd's HTTP health checks and Prometheus metrics.
 *
 * A companion to psd, never part of it: it listens where --listen says,
 * and for each request asks psd through the control socket (read-only,
 * bounded) what psctl would.  Idle, it sleeps in the kernel: no timers,
 * no questions to psd.  libmicrohttpd parses HTTP.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "duration.h"
#include "http.h"
#include "sockpath.h"

#define HTTP_EXIT_USAGE		2
#define HTTP_EXIT_LISTEN	3
#define HTTP_MAX_LISTEN		8
#define HTTP_MAX_CLIENTS	1000
#define HTTP_CLIENT_MEMORY	16384	/* request line + headers */

static void
usage(FILE *out)
{
	fprintf(out, "usage: psd-http --listen ADDR [--listen ADDR]..."
	    " [-s SOCKET] [--timeout DURATION]\n"
	    "                [--client-timeout DURATION] [--cache DURATION]\n"
	    "Serve psd's health and metrics over HTTP: /healthz, /readyz,"
	    " /readyz/NAME,\n/status, /metrics.\n\n"
	    "  -l, --listen ADDR     127.0.0.1:9100, [::1]:9100, :9100 (all),"
	    " or a unix\n"
	    "                        socket path (/run/psd-http.sock or"
	    " unix:PATH)\n"
	    "  -s, --socket PATH     psd's control socket (default: as psctl)\n"
	    "      --timeout D       how long to wait for psd's answer"
	    " (default 2s)\n"
	    "      --client-timeout D  drop a client idle this long"
	    " (default 10s)\n"
	    "      --cache D         reuse a /metrics answer this long"
	    " (default 250ms)\n"
	    "      --nice N          run N nice levels below where started,"
	    " 0-19\n"
	    "                        (default 10: psd and its programs come"
	    " first)\n"
	    "  -h, --help            this help\n"
	    "  -V, --version         psd-http's version\n");
}

/* Bind a unix socket at path, replacing a stale one nobody answers on. */
static int
http_listen_unix(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, probe;

	if (strlen(path) >= sizeof sa.sun_path) {
		snprintf(err, errlen, "socket path too long");
		return -1;
	}
	strcpy(sa.sun_path, path);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errlen, "exists and is not a socket");
			return -1;
		}
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0 && connect(probe, (struct sockaddr *)&sa,
		    sizeof sa) == 0) {
			close(probe);
			snprintf(err, errlen, "another server answers there");
			return -1;
		}
		if (probe >= 0)
			close(probe);
		if (unlink(path) < 0) {
			snprintf(err, errlen, "unlink: %s", strerror(errno));
			return -1;
		}
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(fd, 128) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Bind HOST:PORT, [V6]:PORT or :PORT (every address, IPv6 and IPv4). */
static int
http_listen_inet(const char *addr, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
	    .ai_flags = AI_PASSIVE | AI_NUMERICSERV }, *ai;
	char host[256];
	const char *colon = strrchr(addr, ':'), *h = host;
	size_t hlen;
	int fd, one = 1, zero = 0, r;

	if (colon == NULL || colon[1] == '\0' ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1)) {
		snprintf(err, errlen, "not HOST:PORT, :PORT or a socket path");
		return -1;
	}
	hlen = (size_t)(colon - addr);
	if (hlen >= 2 && addr[0] == '[' && addr[hlen - 1] == ']') {
		addr++;
		hlen -= 2;
	}
	if (hlen >= sizeof host) {
		snprintf(err, errlen, "host name too long");
		return -1;
	}
	memcpy(host, addr, hlen);
	host[hlen] = '\0';
	if (hlen == 0) {
		h = "::";
		hints.ai_family = AF_INET6;
	}
	if ((r = getaddrinfo(h, colon + 1, &hints, &ai)) != 0) {
		if (hlen == 0) {	/* no IPv6 here: every IPv4 address */
			hints.ai_family = AF_INET;
			r = getaddrinfo("0.0.0.0", colon + 1, &hints, &ai);
		}
		if (r != 0) {
			snprintf(err, errlen, "%s", gai_strerror(r));
			return -1;
		}
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof one) < 0 || (ai->ai_family == AF_INET6 && hlen == 0 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero) <
	    0) || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
	    listen(fd, 128) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* Start one libmicrohttpd daemon on a bound socket. */
static struct MHD_Daemon *
http_start(int fd, struct hconf *hc)
{
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL | MHD_USE_ITC, 0, NULL, NULL, serve_request, hc,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)hc->client_timeout,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_MAX_CLIENTS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CLIENT_MEMORY,
	    MHD_OPTION_NOTIFY_COMPLETED, serve_completed, NULL,
	    MHD_OPTION_END);
}

/* Parse a duration option into ms, or exit with a usage error. */
static int64_t
http_duration(const char *opt, const char *s, int64_t min)
{
	int64_t ms;

	if (duration_parse(s, &ms) < 0 || ms < min) {
		fprintf(stderr, "psd-http: --%s %s: not a duration (250ms,"
		    " 2s, ...)%s\n", opt, s, min > 0 ? " of at least 1s" : "");
		exit(HTTP_EXIT_USAGE);
	}
	return ms;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "socket", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "client-timeout", required_argument, NULL, 'c' },
		{ "cache", required_argument, NULL, 'C' },
		{ "nice", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct hconf hc = { .timeout = 2000, .cache = 250,
	    .client_timeout = 10 };
	struct MHD_Daemon *d[HTTP_MAX_LISTEN];
	const char *listen[HTTP_MAX_LISTEN], *sock = NULL, *a;
	char sockbuf[4096], err[256];
	sigset_t set;
	int c, i, nl = 0, fd, sig, niceness = 10;
	char *end;
	long v;

	while ((c = getopt_long(argc, argv, "l:s:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (nl == HTTP_MAX_LISTEN) {
				fprintf(stderr, "psd-http: at most %d --listen\n",
				    HTTP_MAX_LISTEN);
				return HTTP_EXIT_USAGE;
			}
			listen[nl++] = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 't':
			hc.timeout = http_duration("timeout", optarg, 0);
			break;
		case 'c':
			hc.client_timeout = http_duration("client-timeout",
			    optarg, 1000) / 1000;
			break;
		case 'C':
			hc.cache = http_duration("cache", optarg, 0);
			break;
		case 'n':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    v < 0 || v > 19) {
				fprintf(stderr, "psd-http: --nice %s: not a"
				    " number from 0 to 19\n", optarg);
				return HTTP_EXIT_USAGE;
			}
			niceness = (int)v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("psd-http %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return HTTP_EXIT_USAGE;
		}
	}
	if (optind < argc || nl == 0) {
		fprintf(stderr, "psd-http: %s\n", nl == 0 ? "say where to"
		    " listen: --listen ADDR" : "unexpected arguments");
		usage(stderr);
		return HTTP_EXIT_USAGE;
	}
	hc.socket = sockpath_resolve(sock, NULL, sockbuf, sizeof sockbuf);

	/*
	 * Below psd and its programs: a crowd of scrapers takes psd-http's
	 * time, not theirs.  Before the server threads start (each thread
	 * has its own nice value, and they inherit this one).
	 */
	errno = 0;
	if (niceness > 0 && nice(niceness) == -1 && errno != 0)
		fprintf(stderr, "psd-http: nice %d: %s\n", niceness,
		    strerror(errno));

	/* Signals are read in main (the server threads inherit the mask). */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) {
		fprintf(stderr, "psd-http: sigprocmask: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < nl; i++) {
		a = listen[i];
		if (a[0] == '/' || strncmp(a, "unix:", 5) == 0)
			fd = http_listen_unix(a[0] == '/' ? a : a + 5, err,
			    sizeof err);
		else
			fd = http_listen_inet(a, err, sizeof err);
		if (fd < 0) {
			fprintf(stderr, "psd-http: --listen %s: %s\n", a, err);
			return HTTP_EXIT_LISTEN;
		}
		if ((d[i] = http_start(fd, &hc)) == NULL) {
			fprintf(stderr, "psd-http: --listen %s: cannot start"
			    " the HTTP server\n", a);
			return HTTP_EXIT_LISTEN;
		}
	}
	do {
		sig = sigwaitinfo(&set, NULL);
	} while (sig < 0 && errno == EINTR);
	for (i = 0; i < nl; i++) {
		fd = (int)MHD_quiesce_daemon(d[i]);
		MHD_stop_daemon(d[i]);
		if (fd >= 0)
			close(fd);
		if (listen[i][0] == '/' || strncmp(listen[i], "unix:", 5) == 0)
			unlink(listen[i][0] == '/' ? listen[i] : listen[i] + 5);
	}
	serve_free();
	return 0;
}
