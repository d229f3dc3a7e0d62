/*
 * config_words.h: split a command into words the way a shell does.
 *
 * Blanks separate words; 'single quotes' keep everything literally;
 * "double quotes" keep everything but \" \\ \$ \` (backslash escapes);
 * outside quotes a backslash keeps the next character.  No globbing, no
 * variables, no operators: `shell = true` is there for those.
 */
#ifndef PSD_CONFIG_WORDS_H
#define PSD_CONFIG_WORDS_H

#include <stddef.h>

/* 0 and a NULL-terminated *argv (*argc words); -1 with err on a bad quote. */
int	 words_split(const char *s, char ***argv, int *argc, char *err,
	    size_t errlen);
void	 words_free(char **argv);
/* Write s quoted for a shell if it needs quoting (for psd --check). */
const char *words_quote(const char *s, char *buf, size_t len);

#endif
