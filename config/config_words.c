/*
 * config_words.c: shell-like word splitting.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_words.h"
#include "xmalloc.h"

static bool
words_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
words_split(const char *s, char ***argv, int *argc, char *err, size_t errlen)
{
	char **v = NULL, *w;
	size_t len = strlen(s), wl;
	int n = 0;
	const char *p = s;

	w = xmalloc(len + 1);
	for (;;) {
		while (words_blank(*p))
			p++;
		if (*p == '\0')
			break;
		wl = 0;
		while (*p != '\0' && !words_blank(*p)) {
			if (*p == '\'') {
				const char *q = strchr(p + 1, '\'');

				if (q == NULL) {
					snprintf(err, errlen, "unterminated '"
					    " quote");
					goto fail;
				}
				memcpy(w + wl, p + 1, (size_t)(q - p - 1));
				wl += (size_t)(q - p - 1);
				p = q + 1;
			} else if (*p == '"') {
				for (p++; *p != '"'; p++) {
					if (*p == '\0') {
						snprintf(err, errlen,
						    "unterminated \" quote");
						goto fail;
					}
					if (*p == '\\' && p[1] != '\0' &&
					    strchr("\"\\$`\n", p[1]) != NULL)
						p++;
					w[wl++] = *p;
				}
				p++;
			} else if (*p == '\\') {
				if (p[1] == '\0') {
					snprintf(err, errlen, "a backslash ends"
					    " the value: nothing to escape");
					goto fail;
				}
				w[wl++] = p[1];
				p += 2;
			} else
				w[wl++] = *p++;
		}
		v = xreallocarray(v, (size_t)n + 2, sizeof *v);
		v[n++] = xstrndup(w, wl);
		v[n] = NULL;
	}
	free(w);
	if (v == NULL)
		v = xcalloc(1, sizeof *v);
	*argv = v;
	*argc = n;
	return 0;
fail:
	free(w);
	words_free(v);
	return -1;
}

void
words_free(char **argv)
{
	char **p;

	if (argv == NULL)
		return;
	for (p = argv; *p != NULL; p++)
		free(*p);
	free(argv);
}

const char *
words_quote(const char *s, char *buf, size_t len)
{
	size_t o = 0;
	const char *p;

	if (*s != '\0' && strpbrk(s, " \t\n'\"\\$`;&|<>()*?[]#~!{}") == NULL)
		return s;
	/* Single quotes, with ' written as '\'' */
	if (o + 1 < len)
		buf[o++] = '\'';
	for (p = s; *p != '\0' && o + 5 < len; p++) {
		if (*p == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else
			buf[o++] = *p;
	}
	if (o + 1 < len)
		buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}
