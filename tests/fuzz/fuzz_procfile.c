/*
 * fuzz_procfile.c: libFuzzer target for the Procfile, .env and formation
 * parsers.  The first byte picks the parser; any bytes must parse or be
 * refused with a message: no crash, no leak, no hang.  Whole Procfile
 * loads (sniffing, programs, PORT) are fuzzed through fuzz_config, since
 * the config loader reads a Procfile given to -c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dotenv.h"
#include "procfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int nskipped;

static void
skipped(void *arg, int line, const char *text)
{
	(void)arg;
	if (line <= 0 || text == NULL)
		abort();
	nskipped++;
}

static void
fuzz_procfile(const char *buf, size_t len)
{
	struct procfile pf;
	char err[512];
	int i;

	(void)procfile_sniff(buf, len);
	if (procfile_parse(buf, len, &pf, skipped, NULL, err, sizeof err) < 0) {
		if (err[0] == '\0')
			abort();	/* refused without saying why */
	} else
		for (i = 0; i < pf.n; i++)
			if (pf.v[i].name[0] == '\0' ||
			    pf.v[i].command[0] == '\0' || pf.v[i].line <= 0)
				abort();
	procfile_free(&pf);
}

static void
fuzz_dotenv(const char *buf, size_t len)
{
	struct envlist e = { NULL, 0 };
	int n, i;

	n = dotenv_parse(buf, len, &e, skipped, NULL);
	if (n < e.n || (e.n > 0 && e.kv[e.n] != NULL))
		abort();
	for (i = 0; i < e.n; i++)
		if (strchr(e.kv[i], '=') == NULL ||
		    envlist_get(&e, "") != NULL)
			abort();
	envlist_free(&e);
}

static void
fuzz_formation(const char *text)
{
	struct formation f;
	char err[512];
	int i;

	if (formation_parse(text, &f, err, sizeof err) < 0) {
		if (err[0] == '\0')
			abort();
		return;
	}
	for (i = 0; i < f.n; i++)
		if (formation_count(&f, f.names[i]) < 0 ||
		    formation_count(&f, f.names[i]) > PROCFILE_MAX_INSTANCES)
			abort();
	formation_free(&f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1 || size > 64 * 1024)
		return 0;
	text = malloc(size);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 3) {
	case 0:
		fuzz_procfile(text, size - 1);
		break;
	case 1:
		fuzz_dotenv(text, size - 1);
		break;
	default:
		fuzz_formation(text);
		break;
	}
	free(text);
	return 0;
}
