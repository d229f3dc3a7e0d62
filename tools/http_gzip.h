/*
 * http_gzip.h: gzip for psd-http's /metrics (http_gzip.c).
 */
#ifndef PSD_HTTP_GZIP_H
#define PSD_HTTP_GZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Does an Accept-Encoding value (NULL: none) accept gzip? */
bool	 http_accepts_gzip(const char *accept_encoding);
/* in, gzip-encoded into *out (malloc'ed); -1 when it cannot be (no
 * memory, or psd-http built without zlib). */
int	 http_gzip(const char *in, size_t len, char **out, size_t *outlen);

#endif
