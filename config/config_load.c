/*
 * config_load.c: read config files (and their includes) through inih,
 * fed by config_reader.c, and turn what it hands over into a config.
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
#include "supervisord.h"
#include "log.h"
#include "xmalloc.h"


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

/* inih's handler: route a key to its section's parser. */
static int
load_handler(void *user, const char *section, const char *key,
    const char *value)
{
	struct loader *L = user;

	(void)section;
	if (L->sd_file)
		sd_key(L, key, value);
	else if (L->section_kind == SEC_PSD)
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
	L->sd_file = sd_file_dialect(L, name, buf, len);
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
	sd_free(L);
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
		sd_finish(L);
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
