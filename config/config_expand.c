/*
 * config_expand.c: supervisord-style %(name)s expansion.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_expand.h"
#include "xmalloc.h"

void
expand_buf_add(struct expand_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 64;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Expand one %(name)FMT; p points after "%(".  Returns chars consumed. */
static int
expand_one(struct expand_buf *b, const char *p, const void *arg, char *err,
    size_t errlen)
{
	const struct expand_vars *v = arg;
	const char *close = strchr(p, ')'), *f, *val;
	char name[128], num[32];
	int width = 0;
	bool zero = false;
	size_t nlen;

	if (close == NULL) {
		snprintf(err, errlen, "\"%%(\" without a closing \")\"");
		return -1;
	}
	nlen = (size_t)(close - p);
	if (nlen == 0 || nlen >= sizeof name) {
		snprintf(err, errlen, "empty or overlong %%(...) name");
		return -1;
	}
	memcpy(name, p, nlen);
	name[nlen] = '\0';
	f = close + 1;
	if (*f == '0') {
		zero = true;
		f++;
	}
	while (isdigit((unsigned char)*f) && width < 100)
		width = width * 10 + (*f++ - '0');
	if (*f != 's' && *f != 'd') {
		snprintf(err, errlen, "%%(%s) must be followed by s or d, as in"
		    " %%(%s)s", name, name);
		return -1;
	}
	if (strcmp(name, "instance") == 0 || strcmp(name, "process_num") == 0) {
		if (v->instance < 0) {
			snprintf(err, errlen, "%%(%s)d is only known inside"
			    " [program:NAME]", name);
			return -1;
		}
		snprintf(num, sizeof num, zero ? "%0*d" : "%*d", width,
		    v->instance);
		val = num;
	} else if (strcmp(name, "program_name") == 0) {
		if (v->program_name == NULL) {
			snprintf(err, errlen, "%%(program_name)s is only known"
			    " inside [program:NAME]");
			return -1;
		}
		val = v->program_name;
	} else if (strcmp(name, "here") == 0)
		val = v->here;
	else if (strncmp(name, "ENV_", 4) == 0) {
		val = getenv(name + 4);
		if (val == NULL) {
			snprintf(err, errlen, "%%(%s)s: %s is not set in psd's"
			    " environment", name, name + 4);
			return -1;
		}
	} else {
		snprintf(err, errlen, "unknown %%(%s); expected program_name,"
		    " instance, process_num, here or ENV_NAME", name);
		return -1;
	}
	expand_buf_add(b, val, strlen(val));
	return (int)(f + 1 - p);
}

char *
expand_walk(const char *s, expand_one_fn one, const void *arg,
    const char *lone_err, char *err, size_t errlen)
{
	struct expand_buf b = { NULL, 0, 0 };
	const char *p = s, *pct;
	int n;

	expand_buf_add(&b, "", 0);
	while ((pct = strchr(p, '%')) != NULL) {
		expand_buf_add(&b, p, (size_t)(pct - p));
		if (pct[1] == '%') {
			expand_buf_add(&b, "%", 1);
			p = pct + 2;
		} else if (pct[1] == '(') {
			n = one(&b, pct + 2, arg, err, errlen);
			if (n < 0) {
				free(b.s);
				return NULL;
			}
			p = pct + 2 + n;
		} else if (lone_err == NULL) {
			expand_buf_add(&b, "%", 1);
			p = pct + 1;
		} else {
			snprintf(err, errlen, "%s", lone_err);
			free(b.s);
			return NULL;
		}
	}
	expand_buf_add(&b, p, strlen(p));
	return b.s;
}

/* psd's own dialect: a lone % stays (commands like date +%s). */
char *
expand(const char *s, const struct expand_vars *v, char *err, size_t errlen)
{
	return expand_walk(s, expand_one, v, NULL, err, errlen);
}
