/*
 * fuzz_gzip.c: libFuzzer target for psd-http's reading of Accept-Encoding
 * (tools/http_gzip.c) and its gzip encoding: any header value gives an
 * answer, the same answer twice; any bytes encode, and decode back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "http_gzip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v = malloc(size + 1), *gz, *back;
	size_t len;
	uLongf blen = (uLongf)size + 1;
	z_stream z;

	if (v == NULL)
		return 0;
	memcpy(v, data, size);
	v[size] = '\0';
	if (http_accepts_gzip(v) != http_accepts_gzip(v))
		abort();
	if (http_gzip((const char *)data, size, &gz, &len) == 0) {
		back = malloc(blen);
		memset(&z, 0, sizeof z);
		if (back == NULL || inflateInit2(&z, 15 + 16) != Z_OK)
			abort();
		z.next_in = (Bytef *)gz;
		z.avail_in = (uInt)len;
		z.next_out = (Bytef *)back;
		z.avail_out = (uInt)blen;
		if (inflate(&z, Z_FINISH) != Z_STREAM_END ||
		    z.total_out != size || memcmp(back, data, size) != 0)
			abort();
		inflateEnd(&z);
		free(back);
		free(gz);
	}
	free(v);
	return 0;
}
