/*
 * environ.c: a program's environment.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "environ.h"
#include "xmalloc.h"

extern char **environ;

/* Variables that were psd's own business, not its programs'. */
static const char *const environ_consumed[] = {
	"LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "NOTIFY_SOCKET",
	"WATCHDOG_USEC", "WATCHDOG_PID",
};

/* Length of the name part of "K=V". */
static size_t
environ_namelen(const char *kv)
{
	const char *eq = strchr(kv, '=');

	return eq != NULL ? (size_t)(eq - kv) : strlen(kv);
}

static int
environ_find(const struct envbuf *e, const char *name, size_t len)
{
	int i;

	for (i = 0; i < e->n; i++)
		if (strncmp(e->v[i], name, len) == 0 && e->v[i][len] == '=')
			return i;
	return -1;
}

static void
environ_grow(struct envbuf *e)
{
	if (e->n + 2 > e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->v = xreallocarray(e->v, (size_t)e->cap, sizeof *e->v);
	}
}

void
environ_init(struct envbuf *e, char **base, int transparent)
{
	size_t i;
	bool skip;

	memset(e, 0, sizeof *e);
	e->listen_pid = -1;
	e->watchdog_pid = -1;
	environ_grow(e);
	for (; base != NULL && *base != NULL; base++) {
		skip = false;
		for (i = 0; !transparent && i < sizeof environ_consumed /
		    sizeof environ_consumed[0]; i++)
			if (environ_namelen(*base) == strlen(environ_consumed[i]) &&
			    strncmp(*base, environ_consumed[i],
			    strlen(environ_consumed[i])) == 0)
				skip = true;
		if (skip)
			continue;
		environ_grow(e);
		e->v[e->n++] = *base;
	}
	e->v[e->n] = NULL;
}

void
environ_put(struct envbuf *e, char *kv)
{
	int i = environ_find(e, kv, environ_namelen(kv));

	if (i >= 0) {
		e->v[i] = kv;
		return;
	}
	environ_grow(e);
	e->v[e->n++] = kv;
	e->v[e->n] = NULL;
}

/* Keep a string allocated here so environ_free releases it. */
static char *
environ_own(struct envbuf *e, char *s)
{
	if (e->nowned == e->capowned) {
		e->capowned = e->capowned ? e->capowned * 2 : 4;
		e->owned = xreallocarray(e->owned, (size_t)e->capowned,
		    sizeof *e->owned);
	}
	e->owned[e->nowned++] = s;
	return s;
}

void
environ_setf(struct envbuf *e, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *val, *kv;

	va_start(ap, fmt);
	if (vasprintf(&val, fmt, ap) < 0)
		val = NULL;
	va_end(ap);
	if (val == NULL)
		return;
	kv = environ_own(e, xasprintf("%s=%s", name, val));
	free(val);
	environ_put(e, kv);
}

void
environ_unset(struct envbuf *e, const char *name)
{
	int i = environ_find(e, name, strlen(name));

	if (i < 0)
		return;
	memmove(&e->v[i], &e->v[i + 1], (size_t)(e->n - i) * sizeof *e->v);
	e->n--;
}

void
environ_prepare_listen_pid(struct envbuf *e, int psd_pid)
{
	const char *name = "LISTEN_PID";
	int i = environ_find(e, name, strlen(name));
	char *kv;

	/* Only when the fds were meant for psd itself (sd_listen_fds(3)). */
	if (i < 0 || atoi(e->v[i] + strlen(name) + 1) != psd_pid)
		return;
	kv = environ_own(e, xmalloc(strlen(name) + 1 + 16));
	snprintf(kv, strlen(name) + 1 + 16, "%s=%d", name, psd_pid);
	e->v[i] = kv;
	e->listen_pid = i;
}

int
environ_reserve_pid(struct envbuf *e, const char *name)
{
	size_t len = strlen(name) + 1 + 16;
	char *kv = environ_own(e, xmalloc(len));
	int i;

	snprintf(kv, len, "%s=0", name);
	environ_put(e, kv);
	i = environ_find(e, name, strlen(name));
	return i;
}

void
environ_free(struct envbuf *e)
{
	int i;

	for (i = 0; i < e->nowned; i++)
		free(e->owned[i]);
	free(e->owned);
	free(e->v);
	memset(e, 0, sizeof *e);
}

void
environ_program(struct envbuf *e, const struct progconf *pc,
    enum environ_kind kind)
{
	bool transparent = kind == ENVIRON_RUN && pc->transparent;
	int i;

	environ_init(e, environ, transparent);
	if (transparent)
		return;
	for (i = 0; i < pc->nenvironment; i++)
		environ_put(e, pc->environment[i]);
	if (kind == ENVIRON_HOOK) {
		environ_setf(e, "PSD_PROGRAM", "%s", pc->name);
		return;
	}
	environ_setf(e, "PSD_PROGRAM", "%s", pc->base);
	environ_setf(e, "PSD_INSTANCE", "%d", pc->instance);
}
