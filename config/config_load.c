/*
 * config_load.c: read config files through inih.
 *
 * inih as Debian builds it gives the handler no line numbers, cuts lines
 * at its buffer size, and cuts section names at 49 characters.  So psd
 * feeds inih through its own reader, which sees every physical line: it
 * knows the line number of each key, reports over-long lines instead of
 * letting them be cut (a truncated command must never run), joins
 * indented continuation lines into one, and notes every section header
 * (inih does not report empty sections).
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "config_int.h"
#include "log.h"
#include "xmalloc.h"

struct reader {
	struct loader	*L;
	const char	*buf;
	size_t		 len, pos;
	int		 phys;		/* physical lines consumed */
};

void
cerr(struct loader *L, const char *file, int line, const char *section,
    const char *key, const char *fmt, ...)
{
	char msg[1024], where[256];
	va_list ap;
	int n;

	if (L->too_many)
		return;
	if (L->errs->n >= CONFIG_MAX_ERRORS) {
		L->errs->msgs = xreallocarray(L->errs->msgs,
		    (size_t)L->errs->n + 1, sizeof *L->errs->msgs);
		L->errs->msgs[L->errs->n++] = xasprintf("%s: too many errors;"
		    " stopping here", file);
		L->too_many = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	n = line > 0 ? snprintf(where, sizeof where, "%s:%d:", file, line) :
	    snprintf(where, sizeof where, "%s:", file);
	if (section != NULL && n > 0 && (size_t)n < sizeof where)
		n += snprintf(where + n, sizeof where - (size_t)n, " [%s]%s",
		    section, key != NULL ? "" : ":");
	if (key != NULL && n > 0 && (size_t)n < sizeof where)
		snprintf(where + n, sizeof where - (size_t)n, " %s:", key);
	L->errs->msgs = xreallocarray(L->errs->msgs, (size_t)L->errs->n + 1,
	    sizeof *L->errs->msgs);
	L->errs->msgs[L->errs->n++] = xasprintf("%s %s", where, msg);
}

bool
config_failed(const struct loader *L)
{
	return L->errs->n > 0;
}

char *
config_path_join(const char *dir, const char *path)
{
	if (path[0] == '/' || dir == NULL)
		return xstrdup(path);
	return xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, path);
}

/* Is this a valid program name?  Letters, digits, _ . - */
static bool
load_valid_name(const char *s)
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
load_section_hint(const char *name, char *buf, size_t len)
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

/* A [section] header line, seen by the reader. */
static void
load_section(struct loader *L, const char *name, int line)
{
	struct rawprog *rp;
	char hint[256];
	const char *h;
	int i;

	L->cur = NULL;
	if (strcmp(name, "psd") == 0) {
		L->section_kind = SEC_PSD;
		return;
	}
	if (strncmp(name, "program:", 8) != 0) {
		L->section_kind = SEC_UNKNOWN;	/* unknown: keys ignored */
		h = load_section_hint(name, hint, sizeof hint);
		cerr(L, L->file, line, name, NULL, "unknown section; expected"
		    " [psd] or [program:NAME]%s%s", h ? "; " : "", h ? h : "");
		return;
	}
	L->section_kind = SEC_PROGRAM;
	if (!load_valid_name(name + 8)) {
		cerr(L, L->file, line, name, NULL, "\"%s\" is not a valid"
		    " program name; use letters, digits, '_', '.' and '-'",
		    name + 8);
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
load_lskip(const char *s, const char *end)
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
load_check_comment(struct loader *L, int line, const char *s, size_t len)
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

static char *
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
		strcpy(str, "\n");
		return str;
	}
	t = load_lskip(s, e);
	if (t == e || *t == ';' || *t == '#') {
		strcpy(str, "\n");
		return str;
	}
	if (*t == '[') {
		close = memchr(t, ']', (size_t)(e - t));
		if (close == NULL) {
			cerr(L, L->file, line, NULL, NULL, "section header"
			    " without a closing ]");
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
		load_section(L, name, line);
		memcpy(str, s, len);
		str[len] = '\n';
		str[len + 1] = '\0';
		return str;
	}
	if (memchr(t, '=', (size_t)(e - t)) == NULL &&
	    memchr(t, ':', (size_t)(e - t)) == NULL) {
		cerr(L, L->file, line, NULL, NULL, "expected KEY = VALUE,"
		    " a [section] or a ; comment");
		strcpy(str, "\n");
		return str;
	}
	memcpy(str, s, len);
	/* Join indented continuation lines (comments inside are skipped). */
	for (;;) {
		save = r->pos;
		if (!reader_line(r, &s2, &e2))
			break;
		t2 = load_lskip(s2, e2);
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
			strcpy(str, "\n");
			return str;
		}
		str[len++] = ' ';
		memcpy(str + len, t2, (size_t)(e2 - t2));
		len += (size_t)(e2 - t2);
	}
	load_check_comment(L, line, str, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	return str;
}

/* inih's handler: route a key to its section's parser. */
static int
load_handler(void *user, const char *section, const char *key,
    const char *value)
{
	struct loader *L = user;

	(void)section;
	if (L->section_kind == SEC_PSD)
		keys_psd(L, key, value);
	else if (L->section_kind == SEC_PROGRAM) {
		if (L->cur != NULL)
			keys_program(L, key, value);
	} else if (L->section_kind == SEC_NONE)
		cerr(L, L->file, L->line, NULL, key, "key outside any section;"
		    " keys go in [psd] or [program:NAME]");
	return 1;
}

/* Read a whole file (bounded); NULL with an error recorded. */
static char *
load_read(struct loader *L, const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		cerr(L, path, 0, NULL, NULL, "cannot read: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX_FILE) {
		cerr(L, path, 0, NULL, NULL, "%s", S_ISREG(st.st_mode) ?
		    "larger than 1 MiB; not a config file?" :
		    "not a regular file");
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* Directory of path, absolute. */
static char *
load_here(const char *path)
{
	char real[PATH_MAX], *slash, *cwd, *r;

	if (realpath(path, real) == NULL) {
		if (path[0] == '/')
			snprintf(real, sizeof real, "%s", path);
		else {
			cwd = getcwd(NULL, 0);
			snprintf(real, sizeof real, "%s/%s", cwd ? cwd : "",
			    path);
			free(cwd);
		}
	}
	slash = strrchr(real, '/');
	if (slash == real)
		return xstrdup("/");
	if (slash != NULL)
		*slash = '\0';
	r = xstrdup(real);
	return r;
}

/* Parse one buffer as file name (with its directory here). */
static void
load_buffer(struct loader *L, const char *name, const char *here,
    const char *buf, size_t len)
{
	struct reader r = { L, buf, len, 0, 0 };
	struct config *cfg = L->cfg;

	cfg->files = xreallocarray(cfg->files, (size_t)cfg->nfiles + 1,
	    sizeof *cfg->files);
	cfg->files[cfg->nfiles++] = xstrdup(name);
	/* Remember here alongside: files[] and heres[] share indexes. */
	L->file = cfg->files[cfg->nfiles - 1];
	L->here = here;
	L->section_kind = SEC_NONE;
	L->cur = NULL;
#if HAVE_DECL_INI_MAX_LINE
	ini_max_line = CONFIG_MAX_LINE;
#endif
#if HAVE_DECL_INI_ALLOW_MULTILINE
	ini_allow_multiline = false;
#endif
	/* Syntax errors were found by the reader; inih's count is ignored. */
	(void)ini_parse_stream(reader_fn, &r, load_handler, L);
}

/* Has this file been read (or queued) already? */
static bool
load_seen(struct loader *L, const char *path)
{
	int i;

	for (i = 0; i < L->cfg->nfiles; i++)
		if (strcmp(L->cfg->files[i], path) == 0)
			return true;
	for (i = 0; i < L->nqueue; i++)
		if (strcmp(L->queue[i], path) == 0)
			return true;
	return false;
}

/* include = PATTERN...: queue the matching files (no match is fine). */
void
config_include(struct loader *L, char **patterns, int n)
{
	char real[PATH_MAX], *pat;
	glob_t g;
	size_t j;
	int i, r;

	for (i = 0; i < n; i++) {
		pat = config_path_join(L->here, patterns[i]);
		r = glob(pat, 0, NULL, &g);
		if (r != 0 && r != GLOB_NOMATCH)
			cerr(L, L->file, L->line, "psd", "include",
			    "cannot list %s", pat);
		for (j = 0; r == 0 && j < g.gl_pathc; j++) {
			if (realpath(g.gl_pathv[j], real) == NULL)
				snprintf(real, sizeof real, "%s", g.gl_pathv[j]);
			if (load_seen(L, real))
				continue;
			L->queue = xreallocarray(L->queue, (size_t)L->nqueue + 1,
			    sizeof *L->queue);
			L->queue[L->nqueue++] = xstrdup(real);
		}
		if (r == 0)
			globfree(&g);
		free(pat);
	}
}

static void
loader_free(struct loader *L)
{
	int i, j;

	for (i = 0; i < L->nprogs; i++) {
		progconf_free(L->progs[i]->pc);
		for (j = 0; j < RAW__COUNT; j++)
			free(L->progs[i]->raw[j]);
		free(L->progs[i]->key_line);
		free(L->progs[i]);
	}
	free(L->progs);
	for (i = 0; i < L->nqueue; i++)
		free(L->queue[i]);
	free(L->queue);
	free(L->psd.key_line);
	free(L->psd.socket);
	free(L->psd.pidfile);
	free(L->psd.environment);
}

/* Read the queued includes, then build and check the programs. */
static struct config *
load_finish(struct loader *L, char **heres, int *nheres)
{
	char *buf, *path, *here;
	size_t len;
	int q = 0;

	while (q < L->nqueue) {
		path = L->queue[q++];
		buf = load_read(L, path, &len);
		if (buf == NULL)
			continue;
		here = load_here(path);
		heres[(*nheres)++] = here;
		load_buffer(L, path, here, buf, len);
		free(buf);
		if (*nheres >= 256)
			break;
	}
	if (!config_failed(L))
		finish_psd(L);
	if (!config_failed(L))
		finish_programs(L);
	if (!config_failed(L))
		check_dependencies(L);
	loader_free(L);
	if (config_failed(L)) {
		config_free(L->cfg);
		return NULL;
	}
	return L->cfg;
}

static void
load_init(struct loader *L, struct config_errors *errs, const char *path)
{
	memset(L, 0, sizeof *L);
	memset(errs, 0, sizeof *errs);
	L->errs = errs;
	L->cfg = config_new();
	L->cfg->path = xstrdup(path);
	L->psd.key_line = xcalloc((size_t)keys_count(SEC_PSD) + 1, sizeof(int));
}

struct config *
config_load_file(const char *path, struct config_errors *errs)
{
	struct loader L;
	struct config *cfg;
	char *buf, *heres[257];
	size_t len;
	int nheres = 0, i;

	load_init(&L, errs, path);
	buf = load_read(&L, path, &len);
	if (buf == NULL) {
		loader_free(&L);
		config_free(L.cfg);
		return NULL;
	}
	heres[nheres++] = load_here(path);
	L.cfg->abspath = config_path_join(heres[0], strrchr(path, '/') != NULL ?
	    strrchr(path, '/') + 1 : path);
	load_buffer(&L, path, heres[0], buf, len);
	free(buf);
	cfg = load_finish(&L, heres, &nheres);
	for (i = 0; i < nheres; i++)
		free(heres[i]);
	return cfg;
}

struct config *
config_load_string(const char *name, const char *text, const char *here,
    struct config_errors *errs)
{
	struct loader L;
	struct config *cfg;
	char *heres[257];
	int nheres = 0, i;

	load_init(&L, errs, name);
	heres[nheres++] = xstrdup(here != NULL ? here : "/");
	load_buffer(&L, name, heres[0], text, strlen(text));
	cfg = load_finish(&L, heres, &nheres);
	for (i = 0; i < nheres; i++)
		free(heres[i]);
	return cfg;
}

void
config_errors_free(struct config_errors *errs)
{
	int i;

	for (i = 0; i < errs->n; i++)
		free(errs->msgs[i]);
	free(errs->msgs);
	errs->msgs = NULL;
	errs->n = 0;
}
