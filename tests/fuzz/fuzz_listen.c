/*
 * fuzz_listen.c: libFuzzer target for the words of listen = (config/
 * config_listen.c).  Any bytes must parse into an address psd could bind
 * or be refused with a message: no crash, no overrun, no leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "config_listen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct listen_addr a, b;
	char *word = malloc(size + 1), err[512];

	if (word == NULL)
		return 0;
	memcpy(word, data, size);
	word[size] = '\0';
	err[0] = '\0';
	if (listen_parse(word, &a, err, sizeof err) < 0) {
		if (err[0] == '\0')
			abort();	/* refused without saying why */
	} else {
		if (a.salen == 0 || a.salen > sizeof a.sa ||
		    (a.family == AF_UNIX) != (a.kind == LISTEN_UNIX) ||
		    (a.kind != LISTEN_UNIX && (a.port < 1 || a.port > 65535)))
			abort();
		/* parsing is a function of the word */
		if (listen_parse(word, &b, err, sizeof err) < 0 ||
		    !listen_same(&a, &b))
			abort();
	}
	free(word);
	return 0;
}
