/*
 * fuzz_notify.c: libFuzzer target for the sd_notify datagram parser, fed
 * whole datagrams as psd's socket hands them over, with the invariants
 * readiness.c relies on checked on every result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "notify_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct notify_msg m;
	const char *why = NULL;
	size_t i;

	if (notify_msg_parse((const char *)data, size, &m, &why) < 0) {
		if (why == NULL || m.flags != 0)
			abort();
		return 0;
	}
	if (memchr(m.status, '\0', sizeof m.status) == NULL)
		abort();
	for (i = 0; m.status[i] != '\0'; i++)
		if ((unsigned char)m.status[i] < 0x20 || m.status[i] == 0x7f)
			abort();
	if ((m.flags & NOTIFY_MAINPID) && m.mainpid <= 0)
		abort();
	if ((m.flags & NOTIFY_ERRNO) && m.errnum < 0)
		abort();
	if (m.nbad + m.nunknown > m.nlines || m.nlines < 0)
		abort();
	return 0;
}
