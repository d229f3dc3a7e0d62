/*
 * linegen: write numbered lines as fast as possible, for the output tests.
 *
 *   linegen [-s START] [-l LONG_EVERY] [-L LONG_BYTES] [-p] [-e] [-u] NAME COUNT
 *
 * Line i (START..COUNT, START defaults to 1) is "NAME i <payload>" where the payload is a few
 * letters derived from i, or LONG_BYTES of them on every LONG_EVERY-th
 * line.  -p leaves the last line without its newline; -e writes the odd
 * lines to stderr.  Output goes out in large write(2)s, so a pipe fills;
 * -u writes each line with a write(2) of its own, as a program that
 * flushes every line (a logger, python -u) does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static char	*buf[2];
static size_t	 len[2], cap = 1 << 20;
static bool	 unbuffered;

static void
flush_fd(int i)
{
	if (len[i] > 0 && write_all(i + 1, buf[i], len[i]) < 0)
		exit(1);
	len[i] = 0;
}

static void
put(int i, const char *s, size_t n)
{
	if (len[i] + n > cap)
		flush_fd(i);
	if (n > cap) {
		if (write_all(i + 1, s, n) < 0)
			exit(1);
		return;
	}
	memcpy(buf[i] + len[i], s, n);
	len[i] += n;
}

int
main(int argc, char **argv)
{
	long count, i, start = 1, long_every = 0, long_bytes = 100000;
	bool partial = false, split = false;
	char head[128], *payload;
	int c, fd;
	size_t n, plen, k;

	while ((c = getopt(argc, argv, "s:l:L:peu")) != -1) {
		switch (c) {
		case 'u':
			unbuffered = true;
			break;
		case 's':
			start = atol(optarg);
			break;
		case 'l':
			long_every = atol(optarg);
			break;
		case 'L':
			long_bytes = atol(optarg);
			break;
		case 'p':
			partial = true;
			break;
		case 'e':
			split = true;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 2 || parse_long(argv[optind + 1], 1, 100000000,
	    &count) < 0) {
		fprintf(stderr, "usage: linegen [-l N] [-L BYTES] [-p] [-e]"
		    " NAME COUNT\n");
		return 2;
	}
	buf[0] = malloc(cap);
	buf[1] = malloc(cap);
	payload = malloc((size_t)long_bytes + 1);
	if (buf[0] == NULL || buf[1] == NULL || payload == NULL)
		return 1;
	for (i = start; i <= count; i++) {
		fd = split && (i & 1) ? 1 : 0;
		n = (size_t)snprintf(head, sizeof head, "%s %ld ",
		    argv[optind], i);
		plen = long_every > 0 && i % long_every == 0 ?
		    (size_t)long_bytes : 8;
		for (k = 0; k < plen; k++)
			payload[k] = (char)('a' + (i + (long)k) % 26);
		put(fd, head, n);
		put(fd, payload, plen);
		if (!(partial && i == count))
			put(fd, "\n", 1);
		if (unbuffered)
			flush_fd(fd);
	}
	flush_fd(0);
	flush_fd(1);
	free(payload);
	free(buf[0]);
	free(buf[1]);
	return 0;
}
