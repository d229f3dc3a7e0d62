/*
 * supervisord_conf.c: the sections of a supervisord.conf.
 *
 * A file is in supervisord's dialect when it has one of supervisord's own
 * sections, or [program:] keys only supervisord has.  Its sections are
 * kept as read (keys lower-cased, a later key or section of the same name
 * merging into the earlier one, as supervisord's parser does) and turned
 * into psd's settings once every file is read: [supervisord] and
 * [unix_http_server] here, programs in supervisord_prog.c.  What psd
 * understands but does not act on gets one warning; nothing is dropped
 * without a word.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config_keydef.h"
#include "log.h"
#include "supervisord.h"
#include "supervisord_int.h"
#include "util.h"
#include "xmalloc.h"

void
sd_warn(struct loader *L, const char *file, int line, const char *section,
    const char *key, const char *fmt, ...)
{
	struct config *cfg = L->cfg;
	char msg[768], *w;
	va_list ap;
	int i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (key != NULL)
		w = xasprintf("%s:%d: [%s] %s: %s", file, line, section, key, msg);
	else
		w = xasprintf("%s:%d: [%s]: %s", file, line, section, msg);
	for (i = 0; i < cfg->nwarnings; i++)
		if (strcmp(cfg->warnings[i], w) == 0) {
			free(w);
			return;
		}
	if (cfg->nwarnings >= 1000) {
		free(w);
		return;
	}
	cfg->warnings = xreallocarray(cfg->warnings,
	    (size_t)cfg->nwarnings + 1, sizeof *cfg->warnings);
	cfg->warnings[cfg->nwarnings++] = w;
}

/* Sections only supervisord has. */
static bool
sd_own_section(const char *name)
{
	static const char *const whole[] = { "supervisord",
	    "unix_http_server", "inet_http_server", "supervisorctl",
	    "include" };
	static const char *const prefix[] = { "rpcinterface:", "group:",
	    "eventlistener:", "fcgi-program:", "ctlplugin:" };
	size_t i;

	for (i = 0; i < nitems(whole); i++)
		if (strcmp(name, whole[i]) == 0)
			return true;
	for (i = 0; i < nitems(prefix); i++)
		if (strncmp(name, prefix[i], strlen(prefix[i])) == 0)
			return true;
	return false;
}

/* [program:] keys only supervisord has (psd has none of these names). */
static bool
sd_own_key(const char *key, size_t len)
{
	static const char *const keys[] = { "autorestart", "startsecs",
	    "startretries", "stopsignal", "stopwaitsecs", "stopasgroup",
	    "killasgroup", "numprocs", "numprocs_start", "process_name",
	    "priority", "exitcodes", "redirect_stderr", "stdout_logfile",
	    "stderr_logfile", "stdout_logfile_maxbytes",
	    "stderr_logfile_maxbytes", "stdout_logfile_backups",
	    "stderr_logfile_backups", "stdout_capture_maxbytes",
	    "stderr_capture_maxbytes", "stdout_events_enabled",
	    "stderr_events_enabled", "stdout_syslog", "stderr_syslog",
	    "serverurl" };
	size_t i;

	for (i = 0; i < nitems(keys); i++)
		if (strlen(keys[i]) == len && strncasecmp(key, keys[i], len) == 0)
			return true;
	return false;
}

/* [program:] keys only psd has. */
static bool
sd_psd_key(const char *key, size_t len)
{
	char k[64];

	if (len >= sizeof k)
		return false;
	memcpy(k, key, len);
	k[len] = '\0';
	return keys_index(SEC_PROGRAM, k) >= 0 && strcmp(k, "command") &&
	    strcmp(k, "directory") && strcmp(k, "environment") &&
	    strcmp(k, "user") && strcmp(k, "umask") && strcmp(k, "autostart");
}

int
sd_detect(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl, *e, *k, *start;
	char name[64];
	int theirs = 0, ours = 0;
	bool in_program = false;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		start = p;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		if (p < nl && *p == '[') {
			e = memchr(p, ']', (size_t)(nl - p));
			if (e == NULL || e - p - 1 >= (long)sizeof name)
				continue;
			memcpy(name, p + 1, (size_t)(e - p - 1));
			name[e - p - 1] = '\0';
			if (strcmp(name, "psd") == 0)
				ours++;
			if (sd_own_section(name))
				return 1;
			in_program = strncmp(name, "program:", 8) == 0;
			continue;
		}
		if (!in_program || p == nl || *p == ';' || *p == '#' ||
		    p != start)
			continue;
		for (k = p; k < nl && *k != '=' && *k != ':' && *k != ' ' &&
		    *k != '\t'; k++)
			;
		if (sd_own_key(p, (size_t)(k - p)))
			theirs++;
		else if (sd_psd_key(p, (size_t)(k - p)))
			ours++;
	}
	return theirs > 0 && ours == 0 ? 1 : ours > 0 ? -1 : 0;
}

/* Was path named by a supervisord file's [include]? */
static bool
sd_included(struct loader *L, const char *path)
{
	int i;

	for (i = 0; L->sd != NULL && i < L->sd->nincluded; i++)
		if (strcmp(L->sd->included[i], path) == 0)
			return true;
	return false;
}

/*
 * A file is supervisord's when its sections or keys say so, or when
 * supervisord's [include] named it and nothing in it is psd's own.
 */
bool
sd_file_dialect(struct loader *L, const char *path, const char *buf,
    size_t len)
{
	int d = sd_detect(buf, len);

	return d > 0 || (d == 0 && sd_included(L, path));
}

static struct sd_state *
sd_state(struct loader *L)
{
	if (L->sd == NULL)
		L->sd = xcalloc(1, sizeof *L->sd);
	return L->sd;
}

struct sd_sec *
sd_find(struct sd_state *S, const char *name)
{
	int i;

	for (i = 0; i < S->nsecs; i++)
		if (strcmp(S->secs[i]->name, name) == 0)
			return S->secs[i];
	return NULL;
}

struct sd_kv *
sd_get(const struct sd_sec *s, const char *key)
{
	int i;

	for (i = 0; s != NULL && i < s->nkv; i++)
		if (strcmp(s->kv[i].key, key) == 0)
			return &s->kv[i];
	return NULL;
}

void
sd_section(struct loader *L, const char *name, int line)
{
	struct sd_state *S = sd_state(L);
	struct sd_sec *s;

	L->cur = NULL;
	L->section_kind = SEC_UNKNOWN;
	s = sd_find(S, name);
	if (s == NULL) {
		if (S->nsecs >= CONFIG_MAX_PROGRAMS) {
			cerr(L, L->file, line, name, NULL, "too many sections");
			S->cur = NULL;
			return;
		}
		s = xcalloc(1, sizeof *s);
		s->name = xstrdup(name);
		s->file = L->file;
		s->here = L->here;
		s->line = line;
		s->order = S->nsecs;
		S->secs = xreallocarray(S->secs, (size_t)S->nsecs + 1,
		    sizeof *S->secs);
		S->secs[S->nsecs++] = s;
	}
	S->cur = s;
}

void
sd_key(struct loader *L, const char *key, const char *value)
{
	struct sd_state *S = sd_state(L);
	struct sd_sec *s = S->cur;
	struct sd_kv *kv;
	char k[128], *v;
	const char *p;
	size_t i;

	if (s == NULL) {
		if (L->section_kind == SEC_NONE)
			cerr(L, L->file, L->line, NULL, key, "key outside any"
			    " section");
		return;
	}
	for (i = 0; key[i] != '\0' && i + 1 < sizeof k; i++)
		k[i] = (char)tolower((unsigned char)key[i]);
	k[i] = '\0';
	/* Python's parser also ends a value at " #" (inih only at " ;"). */
	v = xstrdup(value);
	for (p = v; *p != '\0'; p++)
		if (*p == '#' && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
			v[p - v] = '\0';
			while (p > v && (p[-1] == ' ' || p[-1] == '\t'))
				v[--p - v] = '\0';
			break;
		}
	if ((kv = sd_get(s, k)) != NULL) {
		free(kv->val);
		kv->val = v;
		kv->line = L->line;
		kv->file = L->file;
	} else {
		s->kv = xreallocarray(s->kv, (size_t)s->nkv + 1, sizeof *s->kv);
		kv = &s->kv[s->nkv++];
		kv->key = xstrdup(k);
		kv->val = v;
		kv->line = L->line;
		kv->file = L->file;
		kv->used = false;
	}
	if (strcmp(s->name, "include") == 0 && strcmp(k, "files") == 0)
		sd_include(L, kv);
}

/* [include] files = PATTERN...: relative to the including file. */
void
sd_include(struct loader *L, struct sd_kv *kv)
{
	struct sd_var vars[2] = { { "here", L->here, 0 },
	    { "host_node_name", sd_nodename(), 0 } };
	struct sd_vars sv = { vars, 2, environ, 0 };
	char err[256], *s, **pats;
	int n;

	kv->used = true;
	for (n = 0; environ[n] != NULL; n++)
		;
	sv.nenv = n;
	s = sd_expand(kv->val, &sv, err, sizeof err);
	if (s == NULL) {
		cerr(L, L->file, L->line, "include", "files", "%s", err);
		return;
	}
	if (sd_split(s, &pats, &n, err, sizeof err) == 0) {
		int q = L->nqueue;
		struct sd_state *S = sd_state(L);

		config_include(L, pats, n);
		for (; q < L->nqueue; q++) {
			S->included = xreallocarray(S->included,
			    (size_t)S->nincluded + 2, sizeof *S->included);
			S->included[S->nincluded++] = xstrdup(L->queue[q].path);
			S->included[S->nincluded] = NULL;
		}
		sd_free_words(pats);
	}
	free(s);
}

void
sd_free_words(char **w)
{
	int i;

	for (i = 0; w != NULL && w[i] != NULL; i++)
		free(w[i]);
	free(w);
}

const char *
sd_nodename(void)
{
	static char host[256];

	if (host[0] == '\0' && gethostname(host, sizeof host - 1) < 0)
		snprintf(host, sizeof host, "localhost");
	return host;
}

void
sd_free(struct loader *L)
{
	struct sd_state *S = L->sd;
	int i, j;

	if (S == NULL)
		return;
	for (i = 0; i < S->nsecs; i++) {
		for (j = 0; j < S->secs[i]->nkv; j++) {
			free(S->secs[i]->kv[j].key);
			free(S->secs[i]->kv[j].val);
		}
		free(S->secs[i]->kv);
		free(S->secs[i]->name);
		free(S->secs[i]);
	}
	free(S->secs);
	sd_free_words(S->env);
	sd_free_words(S->included);
	free(S->childlogdir);
	free(S->identifier);
	free(S->serverurl);
	free(S);
	L->sd = NULL;
}

void
sd_unused(struct loader *L, struct sd_sec *s, const char *why)
{
	int i;

	for (i = 0; i < s->nkv; i++)
		if (!s->kv[i].used)
			sd_warn(L, s->kv[i].file, s->kv[i].line, s->name,
			    s->kv[i].key, "%s", why);
}
