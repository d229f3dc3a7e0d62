/*
 * config_diag.h: how the files of config/ report errors while loading.
 * The lowest layer of config/: it calls nothing else in it.
 */
#ifndef PSD_CONFIG_DIAG_H
#define PSD_CONFIG_DIAG_H

#include <stdbool.h>

struct loader;

/* Record one error line "FILE:LINE: [section] key: message". */
void	 cerr(struct loader *L, const char *file, int line, const char *section,
	    const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* Has any error been recorded? */
bool	 config_failed(const struct loader *L);
/* Put the errors in file order and cut them at CONFIG_MAX_ERRORS. */
void	 diag_finish(struct loader *L);
/* Forget where the errors were (the messages stay). */
void	 diag_free(struct loader *L);

#endif
