/*
 * procfile.c: Procfile entries and formations (see procfile.h).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfile.h"
#include "xmalloc.h"

static bool
procfile_namechar(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool
procfile_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * Split one line as foreman's /^([A-Za-z0-9_-]+):\s*(.+)$/ does: the
 * spaces after the colon are skipped, but the command keeps at least one
 * character.  Returns the name's length, 0 if not an entry.
 */
static size_t
procfile_split(const char *s, size_t len, size_t *cmd)
{
	size_t n = 0, c;

	while (n < len && procfile_namechar(s[n]))
		n++;
	if (n == 0 || n + 1 >= len || s[n] != ':')
		return 0;
	if (memchr(s, '\0', len) != NULL)
		return 0;
	c = n + 1;
	while (c + 1 < len && procfile_space(s[c]))
		c++;
	*cmd = c;
	return n;
}

/* Call fn for each line: (start, length, number); "\r\n" ends a line. */
#define PROCFILE_LINES(buf, len, p, l, no)				\
	for (const char *p = (buf), *nl_, *end_ = (buf) + (len);	\
	    p < end_ && (nl_ = memchr(p, '\n', (size_t)(end_ - p)),	\
	    l = nl_ != NULL ? (size_t)(nl_ - p) : (size_t)(end_ - p),	\
	    l = (l > 0 && nl_ != NULL && p[l - 1] == '\r') ? l - 1 : l,	\
	    no++, 1);							\
	    p = nl_ != NULL ? nl_ + 1 : end_)

int
procfile_parse(const char *buf, size_t len, struct procfile *pf,
    procfile_skip_fn skip, void *arg, char *err, size_t errlen)
{
	struct procfile_entry *e;
	size_t l, n, cmd;
	char *text;
	int no = 0, i;

	memset(pf, 0, sizeof *pf);
	PROCFILE_LINES(buf, len, p, l, no) {
		if ((n = procfile_split(p, l, &cmd)) == 0) {
			if (skip != NULL && l > 0) {
				text = xstrndup(p, l);
				skip(arg, no, text);
				free(text);
			}
			continue;
		}
		for (i = 0; i < pf->n; i++)
			if (strlen(pf->v[i].name) == n &&
			    strncmp(pf->v[i].name, p, n) == 0) {
				snprintf(err, errlen, "%d: %s: already defined"
				    " on line %d", no, pf->v[i].name,
				    pf->v[i].line);
				return -1;
			}
		if (pf->n == PROCFILE_MAX_ENTRIES) {
			snprintf(err, errlen, "%d: more than %d processes",
			    no, PROCFILE_MAX_ENTRIES);
			return -1;
		}
		pf->v = xreallocarray(pf->v, (size_t)pf->n + 1, sizeof *pf->v);
		e = &pf->v[pf->n++];
		e->name = xstrndup(p, n);
		e->command = xstrndup(p + cmd, l - cmd);
		e->line = no;
	}
	return 0;
}

void
procfile_free(struct procfile *pf)
{
	int i;

	for (i = 0; i < pf->n; i++) {
		free(pf->v[i].name);
		free(pf->v[i].command);
	}
	free(pf->v);
	memset(pf, 0, sizeof *pf);
}

bool
procfile_sniff(const char *buf, size_t len)
{
	size_t l, cmd, i;
	int no = 0;
	bool entry = false;

	PROCFILE_LINES(buf, len, p, l, no) {
		for (i = 0; i < l && procfile_space(p[i]); i++)
			;
		if (i == l || p[i] == '#' || p[i] == ';')
			continue;
		if (p[i] == '[')
			return false;	/* an INI section */
		if (procfile_split(p, l, &cmd) != 0)
			entry = true;
		else if (!entry)
			return false;	/* its first line is no entry */
	}
	return entry;
}

/* "N": a count from 0 to PROCFILE_MAX_INSTANCES, or -1. */
static int
formation_number(const char *s)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v > PROCFILE_MAX_INSTANCES)
		return -1;
	return (int)v;
}

int
formation_parse(const char *spec, struct formation *f, char *err,
    size_t errlen)
{
	char *copy, *w, *tok, *save, *eq;
	const char *s;
	int count;

	memset(f, 0, sizeof *f);
	f->all = 1;
	if (spec == NULL)
		return 0;
	f->all = 0;
	copy = xmalloc(strlen(spec) + 1);
	for (s = spec, w = copy; *s != '\0'; s++)	/* foreman drops spaces */
		if (!procfile_space(*s) && *s != '\n')
			*w++ = *s;
	*w = '\0';
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		eq = strchr(tok, '=');
		if (eq == NULL || eq == tok ||
		    (count = formation_number(eq + 1)) < 0) {
			snprintf(err, errlen, "formation \"%s\": expected"
			    " NAME=N with N from 0 to %d, got \"%s\"", spec,
			    PROCFILE_MAX_INSTANCES, tok);
			free(copy);
			formation_free(f);
			return -1;
		}
		*eq = '\0';
		if (strcmp(tok, "all") == 0) {
			f->all = count;
			continue;
		}
		f->names = xreallocarray(f->names, (size_t)f->n + 1,
		    sizeof *f->names);
		f->counts = xreallocarray(f->counts, (size_t)f->n + 1,
		    sizeof *f->counts);
		f->names[f->n] = xstrdup(tok);
		f->counts[f->n++] = count;
	}
	free(copy);
	return 0;
}

int
formation_count(const struct formation *f, const char *name)
{
	int i, c = f->all;

	for (i = 0; i < f->n; i++)	/* the last one given wins */
		if (strcmp(f->names[i], name) == 0)
			c = f->counts[i];
	return c;
}

void
formation_free(struct formation *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	free(f->counts);
	memset(f, 0, sizeof *f);
}
