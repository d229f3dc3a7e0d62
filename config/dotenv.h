/*
 * dotenv.h: foreman's .env files, read the way foreman 0.87 reads them.
 *
 * A line is a variable only if it is NAME=VALUE with NAME made of
 * letters, digits and '_' from the first column; every other line
 * (comments, blank lines, "export NAME=VALUE", indented lines) is not a
 * variable, and the reader reports it so that psd can say so.  A value
 * wrapped in single quotes is taken literally; one wrapped in double
 * quotes has "\n" turned into a newline and then "\X" into X; any other
 * value is taken as it is, trailing spaces and "#" included.  A later
 * line for a name replaces the value but keeps its first position.
 */
#ifndef PSD_DOTENV_H
#define PSD_DOTENV_H

#include <stddef.h>

/* An ordered NAME=VALUE list (foreman's hash keeps insertion order). */
struct envlist {
	char	**kv;		/* "NAME=VALUE" */
	int	  n;
};

/* Set name to value: replaced in place if present, else appended. */
void	 envlist_set(struct envlist *e, const char *name, const char *value);
/* The value of name, or NULL. */
const char *envlist_get(const struct envlist *e, const char *name);
void	 envlist_free(struct envlist *e);

/* Called for each line that is not a variable (1-based line number). */
typedef void (*dotenv_skip_fn)(void *arg, int line, const char *text);

/*
 * Parse buf (len bytes, NUL bytes allowed: they end nothing) into e.
 * Returns the number of variables read.
 */
int	 dotenv_parse(const char *buf, size_t len, struct envlist *e,
	    dotenv_skip_fn skip, void *arg);

#endif
