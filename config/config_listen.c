/*
 * config_listen.c: parse the words of `listen =` into addresses.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "config_listen.h"

#define LISTEN_EXPECTED "expected tcp:HOST:PORT, tcp6:[ADDR]:PORT," \
	" udp:HOST:PORT, udp6:[ADDR]:PORT or unix:PATH"

/* A port: decimal 1-65535, nothing else. */
static int
listen_port(const char *s, int *port)
{
	long n = 0;

	if (*s == '\0' || strlen(s) > 5)
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	if (n < 1 || n > 65535)
		return -1;
	*port = (int)n;
	return 0;
}

/* HOST:PORT for IPv4. */
static int
listen_inet(const char *word, const char *rest, struct listen_addr *a,
    char *err, size_t len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&a->sa;
	const char *colon = strrchr(rest, ':');
	char host[64];
	size_t hl;

	if (colon == NULL) {
		snprintf(err, len, "\"%s\" has no port; expected %.*sHOST:PORT",
		    word, (int)(rest - word), word);
		return -1;
	}
	hl = (size_t)(colon - rest);
	if (hl >= sizeof host) {
		snprintf(err, len, "\"%s\": host is too long", word);
		return -1;
	}
	memcpy(host, rest, hl);
	host[hl] = '\0';
	if (listen_port(colon + 1, &a->port) < 0) {
		snprintf(err, len, "\"%s\": \"%s\" is not a port (1-65535)",
		    word, colon + 1);
		return -1;
	}
	a->family = AF_INET;
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)a->port);
	if (hl == 0 || strcmp(host, "*") == 0)
		sin->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (strcmp(host, "localhost") == 0)
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
		snprintf(err, len, "\"%s\": \"%s\" is not an IPv4 address"
		    " (use tcp6:[ADDR]:PORT for IPv6; names are not looked"
		    " up, except localhost)", word, host);
		return -1;
	}
	a->salen = sizeof *sin;
	return 0;
}

/* [ADDR]:PORT for IPv6. */
static int
listen_inet6(const char *word, const char *rest, struct listen_addr *a,
    char *err, size_t len)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->sa;
	const char *close = strchr(rest, ']');
	char host[64];
	size_t hl;

	if (*rest != '[' || close == NULL || close[1] != ':') {
		snprintf(err, len, "\"%s\": expected %.*s[ADDR]:PORT", word,
		    (int)(rest - word), word);
		return -1;
	}
	hl = (size_t)(close - rest - 1);
	if (hl >= sizeof host) {
		snprintf(err, len, "\"%s\": address is too long", word);
		return -1;
	}
	memcpy(host, rest + 1, hl);
	host[hl] = '\0';
	if (listen_port(close + 2, &a->port) < 0) {
		snprintf(err, len, "\"%s\": \"%s\" is not a port (1-65535)",
		    word, close + 2);
		return -1;
	}
	a->family = AF_INET6;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons((uint16_t)a->port);
	if (hl == 0 || strcmp(host, "*") == 0)
		sin6->sin6_addr = in6addr_any;
	else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1) {
		snprintf(err, len, "\"%s\": \"%s\" is not an IPv6 address",
		    word, host);
		return -1;
	}
	a->salen = sizeof *sin6;
	return 0;
}

/* unix:PATH (absolute) or unix:@NAME (abstract namespace). */
static int
listen_unix(const char *word, const char *path, struct listen_addr *a,
    char *err, size_t len)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&a->sa;
	size_t pl = strlen(path);

	a->family = AF_UNIX;
	sun->sun_family = AF_UNIX;
	if (path[0] == '@') {
		if (pl < 2 || pl > sizeof sun->sun_path) {
			snprintf(err, len, "\"%s\": an abstract name needs 1"
			    " to %zu characters after @", word,
			    sizeof sun->sun_path - 1);
			return -1;
		}
		a->abstract = true;
		memcpy(sun->sun_path + 1, path + 1, pl - 1);
		a->salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path)
		    + pl);
		return 0;
	}
	if (path[0] != '/') {
		snprintf(err, len, "\"%s\": the path must be absolute", word);
		return -1;
	}
	if (pl >= sizeof sun->sun_path) {
		snprintf(err, len, "\"%s\": the path is longer than the %zu"
		    " bytes a unix socket may have", word,
		    sizeof sun->sun_path - 1);
		return -1;
	}
	if (path[pl - 1] == '/') {
		snprintf(err, len, "\"%s\": the path names a directory", word);
		return -1;
	}
	memcpy(sun->sun_path, path, pl + 1);
	a->salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + pl + 1);
	return 0;
}

int
listen_parse(const char *word, struct listen_addr *a, char *err, size_t len)
{
	memset(a, 0, sizeof *a);
	if (strncmp(word, "tcp:", 4) == 0) {
		a->kind = LISTEN_TCP;
		return listen_inet(word, word + 4, a, err, len);
	}
	if (strncmp(word, "udp:", 4) == 0) {
		a->kind = LISTEN_UDP;
		return listen_inet(word, word + 4, a, err, len);
	}
	if (strncmp(word, "tcp6:", 5) == 0) {
		a->kind = LISTEN_TCP;
		return listen_inet6(word, word + 5, a, err, len);
	}
	if (strncmp(word, "udp6:", 5) == 0) {
		a->kind = LISTEN_UDP;
		return listen_inet6(word, word + 5, a, err, len);
	}
	if (strncmp(word, "unix:", 5) == 0) {
		a->kind = LISTEN_UNIX;
		return listen_unix(word, word + 5, a, err, len);
	}
	snprintf(err, len, "\"%s\" is not a listen address; " LISTEN_EXPECTED,
	    word);
	return -1;
}

int
listen_socktype(const struct listen_addr *a)
{
	return a->kind == LISTEN_UDP ? SOCK_DGRAM : SOCK_STREAM;
}

bool
listen_same(const struct listen_addr *a, const struct listen_addr *b)
{
	return a->kind == b->kind && a->salen == b->salen &&
	    memcmp(&a->sa, &b->sa, a->salen) == 0;
}
