/*
 * dotenv.c: foreman's .env syntax (see dotenv.h for the rules).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dotenv.h"
#include "xmalloc.h"

/* Length of the name part of "K=V". */
static size_t
dotenv_namelen(const char *kv)
{
	const char *eq = strchr(kv, '=');

	return eq != NULL ? (size_t)(eq - kv) : strlen(kv);
}

void
envlist_set(struct envlist *e, const char *name, const char *value)
{
	size_t len = strlen(name);
	int i;

	for (i = 0; i < e->n; i++)
		if (dotenv_namelen(e->kv[i]) == len &&
		    strncmp(e->kv[i], name, len) == 0) {
			free(e->kv[i]);
			e->kv[i] = xasprintf("%s=%s", name, value);
			return;
		}
	e->kv = xreallocarray(e->kv, (size_t)e->n + 2, sizeof *e->kv);
	e->kv[e->n++] = xasprintf("%s=%s", name, value);
	e->kv[e->n] = NULL;
}

const char *
envlist_get(const struct envlist *e, const char *name)
{
	size_t len = strlen(name);
	int i;

	for (i = 0; i < e->n; i++)
		if (dotenv_namelen(e->kv[i]) == len &&
		    strncmp(e->kv[i], name, len) == 0)
			return e->kv[i] + len + 1;
	return NULL;
}

void
envlist_free(struct envlist *e)
{
	int i;

	for (i = 0; i < e->n; i++)
		free(e->kv[i]);
	free(e->kv);
	e->kv = NULL;
	e->n = 0;
}

static bool
dotenv_namechar(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/*
 * The value inside double quotes: first every "\n" becomes a newline,
 * then every "\X" becomes X (X not a newline), each pass left to right,
 * as foreman's two gsub calls do.
 */
static char *
dotenv_unescape(const char *s, size_t len)
{
	char *a = xmalloc(len + 1), *b = xmalloc(len + 1);
	size_t i, j = 0, k = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == 'n') {
			a[j++] = '\n';
			i++;
		} else
			a[j++] = s[i];
	}
	for (i = 0; i < j; i++) {
		if (a[i] == '\\' && i + 1 < j && a[i + 1] != '\n')
			i++;
		b[k++] = a[i];
	}
	b[k] = '\0';
	free(a);
	return b;
}

/* One line (no newline in it); true if it was a variable. */
static bool
dotenv_line(const char *s, size_t len, struct envlist *e)
{
	char *name, *value;
	size_t n = 0;
	const char *v;
	size_t vlen;

	while (n < len && dotenv_namechar(s[n]))
		n++;
	if (n == 0 || n >= len || s[n] != '=')
		return false;
	/* A NUL would cut the C string short: not a variable psd can pass. */
	if (memchr(s, '\0', len) != NULL)
		return false;
	v = s + n + 1;
	vlen = len - n - 1;
	if (vlen >= 2 && v[0] == '\'' && v[vlen - 1] == '\'')
		value = xstrndup(v + 1, vlen - 2);
	else if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
		value = dotenv_unescape(v + 1, vlen - 2);
	else
		value = xstrndup(v, vlen);
	name = xstrndup(s, n);
	envlist_set(e, name, value);
	free(name);
	free(value);
	return true;
}

int
dotenv_parse(const char *buf, size_t len, struct envlist *e,
    dotenv_skip_fn skip, void *arg)
{
	const char *nl, *p = buf, *end = buf + len;
	char *text;
	size_t l;
	int line = 0, count = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		l = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		line++;
		/* foreman turns "\r\n" into "\n"; a lone '\r' stays. */
		if (l > 0 && nl != NULL && p[l - 1] == '\r')
			l--;
		if (dotenv_line(p, l, e))
			count++;
		else if (skip != NULL && l > 0) {
			text = xstrndup(p, l);
			skip(arg, line, text);
			free(text);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	return count;
}
