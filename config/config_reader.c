/*
 * config_reader.c: the lines inih sees.
 *
 * inih as Debian builds it gives the handler no line numbers, cuts lines
 * at its buffer size, and cuts section names at 49 characters.  So psd
 * feeds inih through this reader, which sees every physical line: it
 * knows the line number of each key, reports over-long lines instead of
 * letting them be cut (a truncated command must never run), joins
 * indented continuation lines into one, notes every section header (inih
 * does not report empty sections), and says where an inline comment would
 * cut a quoted value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_diag.h"
#include "config_int.h"
#include "config_util.h"
#include "supervisord.h"
#include "xmalloc.h"

/* Is this a valid program name?  Letters, digits, _ . - */
static bool
reader_valid_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '_' && *s != '.' &&
		    *s != '-')
			return false;
	return true;
}

/* Hints for sections of other supervisors. */
static const char *
reader_section_hint(const char *name, char *buf, size_t len)
{
	const char *colon = strchr(name, ':');

	if (strcmp(name, "supervisord") == 0)
		return "psd's own settings go in [psd]";
	if (strcmp(name, "include") == 0)
		return "use include = PATTERN... in [psd]";
	if (strncmp(name, "group:", 6) == 0)
		return "psd has no groups: instances = N makes a pool,"
		    " and NAME:* selects them";
	if (colon != NULL && (edit_distance("program", name) <= 3 ||
	    (colon - name > 3 && strncmp(name, "prog", 4) == 0))) {
		snprintf(buf, len, "did you mean [program:%s]?", colon + 1);
		return buf;
	}
	if (colon == NULL && edit_distance(name, "psd") <= 1) {
		snprintf(buf, len, "did you mean [psd]?");
		return buf;
	}
	return NULL;
}

/*
 * A program section refused whole: remember its name, so that programs
 * depending on it are not also told it is unknown.
 */
static void
reader_lost(struct loader *L, const char *name)
{
	L->lost = xreallocarray(L->lost, (size_t)L->nlost + 1,
	    sizeof *L->lost);
	L->lost[L->nlost++] = xstrdup(name);
}

/* A line of the current program section was refused unread. */
static void
reader_dropped(struct loader *L)
{
	if (L->section_kind == SEC_PROGRAM && L->cur != NULL)
		L->cur->dropped = true;
}

/* A [section] header line, seen by the reader. */
static void
reader_section(struct loader *L, const char *name, int line)
{
	struct rawprog *rp;
	char hint[256];
	const char *h;
	int i;

	L->cur = NULL;
	if (L->sd_file) {
		sd_section(L, name, line);
		return;
	}
	L->curpool = NULL;
	if (strcmp(name, "psd") == 0) {
		L->section_kind = SEC_PSD;
		return;
	}
	if (strncmp(name, "pool:", 5) == 0) {
		pool_section(L, name + 5, line);
		return;
	}
	if (strncmp(name, "program:", 8) != 0) {
		L->section_kind = SEC_UNKNOWN;	/* unknown: keys ignored */
		h = reader_section_hint(name, hint, sizeof hint);
		if (strchr(name, ':') != NULL && h != NULL &&
		    strncmp(h, "did you mean [program:", 22) == 0)
			reader_lost(L, strchr(name, ':') + 1);
		cerr(L, L->file, line, name, NULL, "unknown section; expected"
		    " [psd], [program:NAME] or [pool:NAME]%s%s", h ? "; " : "",
		    h ? h : "");
		return;
	}
	L->section_kind = SEC_PROGRAM;
	if (!reader_valid_name(name + 8)) {
		cerr(L, L->file, line, name, NULL, "\"%s\" is not a valid"
		    " program name; use letters, digits, '_', '.' and '-'",
		    name + 8);
		reader_lost(L, name + 8);
		return;
	}
	for (i = 0; i < L->nprogs; i++)
		if (strcmp(L->progs[i]->pc->base, name + 8) == 0) {
			cerr(L, L->file, line, name, NULL, "duplicate program"
			    " \"%s\" (first declared at %s:%d)", name + 8,
			    L->progs[i]->file, L->progs[i]->line);
			return;
		}
	if (L->nprogs >= CONFIG_MAX_PROGRAMS) {
		cerr(L, L->file, line, name, NULL, "more than %d programs",
		    CONFIG_MAX_PROGRAMS);
		reader_lost(L, name + 8);
		return;
	}
	rp = xcalloc(1, sizeof *rp);
	rp->pc = progconf_new(name + 8, NULL);
	rp->file = L->file;
	rp->line = line;
	rp->here = L->here;
	rp->key_line = xcalloc((size_t)keys_count(SEC_PROGRAM) + 1, sizeof(int));
	L->progs = xreallocarray(L->progs, (size_t)L->nprogs + 1,
	    sizeof *L->progs);
	L->progs[L->nprogs++] = rp;
	L->cur = rp;
}

static const char *
reader_lskip(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* The next physical line: [*start, *end) without the newline. */
static bool
reader_line(struct reader *r, const char **start, const char **end)
{
	const char *nl;

	if (r->pos >= r->len)
		return false;
	*start = r->buf + r->pos;
	nl = memchr(*start, '\n', r->len - r->pos);
	*end = nl != NULL ? nl : r->buf + r->len;
	r->pos = (size_t)(*end - r->buf) + (nl != NULL);
	r->phys++;
	if (*end > *start && (*end)[-1] == '\r')
		(*end)--;
	if (r->phys == 1 && *end - *start >= 3 &&
	    memcmp(*start, "\xEF\xBB\xBF", 3) == 0)
		*start += 3;		/* a UTF-8 byte order mark */
	return true;
}

/* The reader inih calls: one logical line per call. */
/*
 * inih ends a value at a ';' that follows a space, even inside quotes, so
 * `command = sh -c 'a ; b'` would run `sh -c 'a` and fail obscurely.  Say
 * so where it happens: a ';' after a space inside an open quote.
 */
static void
reader_check_comment(struct loader *L, int line, const char *s, size_t len)
{
	const char *eq = memchr(s, '=', len), *p, *end = s + len, *k, *ke;
	char key[64], sec[80], quote = 0;

	if (eq == NULL)
		return;
	for (p = eq + 1; p < end; p++) {
		if (quote != '\'' && *p == '\\' && p + 1 < end) {
			p++;
			continue;
		}
		if (quote == 0 && (*p == '\'' || *p == '"'))
			quote = *p;
		else if (quote != 0 && *p == quote)
			quote = 0;
		else if (quote != 0 && *p == ';' && (p[-1] == ' ' ||
		    p[-1] == '\t'))
			break;
	}
	if (p >= end)
		return;
	for (k = s; k < eq && (*k == ' ' || *k == '\t'); k++)
		;
	for (ke = eq; ke > k && (ke[-1] == ' ' || ke[-1] == '\t'); ke--)
		;
	snprintf(key, sizeof key, "%.*s", (int)(ke - k), k);
	if (L->section_kind == SEC_PROGRAM && L->cur != NULL)
		snprintf(sec, sizeof sec, "program:%s", L->cur->pc->base);
	cerr(L, L->file, line, L->section_kind == SEC_PROGRAM &&
	    L->cur != NULL ? sec : L->section_kind == SEC_PSD ? "psd" : NULL,
	    key, "a ';' after a space starts a comment in an INI file, even"
	    " inside quotes, so the value would be cut there; write it"
	    " without the space (a; b)");
}

char *
reader_fn(char *str, int num, void *stream)
{
	struct reader *r = stream;
	struct loader *L = r->L;
	const char *s, *e, *t, *s2, *e2, *t2, *close;
	size_t max = num > 3 ? (size_t)num - 3 : 0, len, save;
	char name[128];
	int line;

	if (!reader_line(r, &s, &e))
		return NULL;
	line = r->phys;
	L->line = line;
	len = (size_t)(e - s);
	if (len > max) {
		cerr(L, L->file, line, NULL, NULL, "line is %zu bytes, longer"
		    " than the %zu allowed; split it with indented"
		    " continuation lines", len, max);
		reader_dropped(L);
		strcpy(str, "\n");
		return str;
	}
	t = reader_lskip(s, e);
	if (t == e || *t == ';' || *t == '#') {
		strcpy(str, "\n");
		return str;
	}
	if (*t == '[') {
		close = memchr(t, ']', (size_t)(e - t));
		if (close == NULL) {
			cerr(L, L->file, line, NULL, NULL, "section header"
			    " without a closing ]");
			if (e - t > 9 && strncmp(t + 1, "program:", 8) == 0) {
				snprintf(name, sizeof name, "%.*s",
				    (int)(e - t - 9), t + 9);
				reader_lost(L, name);
			}
			L->section_kind = SEC_UNKNOWN;
			L->cur = NULL;
			strcpy(str, "\n");
			return str;
		}
		if ((size_t)(close - t - 1) >= 50) {
			cerr(L, L->file, line, NULL, NULL, "section name is"
			    " longer than 49 characters");
			L->section_kind = SEC_UNKNOWN;
			L->cur = NULL;
			strcpy(str, "\n");
			return str;
		}
		memcpy(name, t + 1, (size_t)(close - t - 1));
		name[close - t - 1] = '\0';
		reader_section(L, name, line);
		memcpy(str, s, len);
		str[len] = '\n';
		str[len + 1] = '\0';
		return str;
	}
	if (memchr(t, '=', (size_t)(e - t)) == NULL &&
	    memchr(t, ':', (size_t)(e - t)) == NULL) {
		cerr(L, L->file, line, NULL, NULL, "expected KEY = VALUE,"
		    " a [section] or a ; comment");
		reader_dropped(L);
		strcpy(str, "\n");
		return str;
	}
	memcpy(str, s, len);
	/* Join indented continuation lines (comments inside are skipped). */
	for (;;) {
		save = r->pos;
		if (!reader_line(r, &s2, &e2))
			break;
		t2 = reader_lskip(s2, e2);
		if (t2 == s2 || t2 == e2) {
			r->pos = save;
			r->phys--;
			break;
		}
		if (*t2 == ';' || *t2 == '#')
			continue;
		while (e2 > t2 && (e2[-1] == ' ' || e2[-1] == '\t'))
			e2--;
		if (len + 1 + (size_t)(e2 - t2) > max) {
			cerr(L, L->file, line, NULL, NULL, "value with its"
			    " continuation lines is longer than the %zu bytes"
			    " allowed", max);
			reader_dropped(L);
			strcpy(str, "\n");
			return str;
		}
		str[len++] = ' ';
		memcpy(str + len, t2, (size_t)(e2 - t2));
		len += (size_t)(e2 - t2);
	}
	if (!L->sd_file)	/* supervisord cuts there too: same meaning */
		reader_check_comment(L, line, str, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	return str;
}
