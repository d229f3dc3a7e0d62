/*
 * http_gzip.c: a /metrics answer gzip-encoded for the clients that ask
 * (Prometheus sends "Accept-Encoding: gzip" on every scrape), with zlib.
 *
 * The Accept-Encoding header is read by RFC 9110's rules: a list of
 * codings separated by commas, each with an optional ";q=" weight; gzip
 * (or x-gzip, or *) is accepted unless its weight is 0.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "http_gzip.h"

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif

/* Is the weight after a coding ("; q=0.000", "") anything but zero? */
static bool
gzip_weight_nonzero(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == ';'))
		p++;
	if (end - p < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return true;		/* no weight: 1 */
	p += 2;
	if (p < end && *p == '1')
		return true;
	if (p < end && *p == '0')
		for (p++, p += p < end && *p == '.'; p < end &&
		    isdigit((unsigned char)*p); p++)
			if (*p != '0')
				return true;
	return false;			/* 0, 0.0, 0.000 (or not a number) */
}

bool
http_accepts_gzip(const char *v)
{
	const char *tok, *end, *semi;
	size_t n;
	bool star = false, named = false, gz = false;

	if (v == NULL)
		return false;
	while (*v != '\0') {
		while (*v == ' ' || *v == '\t' || *v == ',')
			v++;
		tok = v;
		end = strchr(v, ',');
		if (end == NULL)
			end = v + strlen(v);
		semi = memchr(tok, ';', (size_t)(end - tok));
		n = (size_t)((semi != NULL ? semi : end) - tok);
		while (n > 0 && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
			n--;
		if ((n == 4 && strncasecmp(tok, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(tok, "x-gzip", 6) == 0)) {
			named = true;
			gz = semi == NULL || gzip_weight_nonzero(semi, end);
		} else if (n == 1 && tok[0] == '*')
			star = semi == NULL || gzip_weight_nonzero(semi, end);
		v = end;
	}
	return named ? gz : star;
}

#ifdef HAVE_ZLIB
int
http_gzip(const char *in, size_t len, char **out, size_t *outlen)
{
	z_stream z;
	size_t cap = compressBound((uLong)len) + 32;
	char *buf = malloc(cap);
	int r;

	if (buf == NULL)
		return -1;
	memset(&z, 0, sizeof z);
	/* 15 + 16: a gzip header and trailer around the deflate stream */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		free(buf);
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)cap;
	r = deflate(&z, Z_FINISH);
	*outlen = z.total_out;
	deflateEnd(&z);
	if (r != Z_STREAM_END) {
		free(buf);
		return -1;
	}
	*out = buf;
	return 0;
}
#else
int
http_gzip(const char *in, size_t len, char **out, size_t *outlen)
{
	(void)in;
	(void)len;
	(void)out;
	(void)outlen;
	return -1;		/* built without zlib: identity only */
}
#endif
