/*
 * fuzz_config.c: libFuzzer target for the config loader.  Any bytes must
 * give a config or a list of one-line errors: no crash, no leak, no hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_errors errs;
	struct config *cfg;
	char chain[256];
	char *text;
	int i;

	if (size > 64 * 1024)
		return 0;
	log_init("fuzz", LOG_LVL_ERROR - 1);
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	cfg = config_load_string("<fuzz>", text, "/nonexistent-psd-fuzz", &errs);
	if (cfg != NULL) {
		/* Exercise what psd does with a loaded config. */
		for (i = 0; i < cfg->nprogs; i++)
			(void)progconf_equal(cfg->progs[i], cfg->progs[0]);
		(void)config_stop_chain(cfg, chain, sizeof chain);
		config_free(cfg);
	} else if (errs.n == 0)
		abort();	/* refused without saying why */
	config_errors_free(&errs);
	free(text);
	return 0;
}
