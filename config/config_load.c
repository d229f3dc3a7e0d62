/*
 * config_load.c: read config files (and their includes) through inih,
 * fed by config_reader.c, and turn what it hands over into a config.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "config_diag.h"
#include "config_int.h"
#include "config_util.h"
#include "supervisord.h"
#include "log.h"
#include "procfile.h"
#include "xmalloc.h"


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
	} else if (L->section_kind == SEC_POOL)
		keys_pool(L, key, value);
	else if (L->section_kind == SEC_NONE)
		cerr(L, L->file, L->line, NULL, key, "key outside any section;"
		    " keys go in [psd] or [program:NAME]");
	return 1;
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
	pools_loader_free(L);
	for (i = 0; i < L->nqueue; i++)
		free(L->queue[i].path);
	free(L->queue);
	for (i = 0; i < L->nlost; i++)
		free(L->lost[i]);
	free(L->lost);
	free(L->psd.key_line);
	free(L->psd.socket);
	free(L->psd.pidfile);
	free(L->psd.environment);
	diag_free(L);
	sd_free(L);
	free(L->psd.http);
}

/*
 * Read the queued includes, then build and check the programs.  Every
 * stage runs even when an earlier one found errors, so one run shows them
 * all; each stage skips what an error already made unknowable.
 */
static struct config *
load_finish(struct loader *L, char **heres, int *nheres)
{
	struct include_ent *e;
	char *buf, *here;
	size_t len;
	int q = 0;

	while (q < L->nqueue) {
		e = &L->queue[q++];
		if (*nheres >= CONFIG_MAX_FILES) {
			cerr(L, e->file, e->line, "psd", "include", "more than"
			    " %d config files in all; %s and %d more are not"
			    " read", CONFIG_MAX_FILES, e->path, L->nqueue - q);
			break;
		}
		buf = config_read_file(L, e->path, &len);
		if (buf == NULL)
			continue;
		here = load_here(e->path);
		heres[(*nheres)++] = here;
		load_buffer(L, e->path, here, buf, len);
		free(buf);
	}
	L->cur = NULL;
	L->section_kind = SEC_NONE;
	finish_psd(L);
	finish_programs(L);
	finish_pools(L);
	sd_finish(L);
	finish_http(L);
	check_dependencies(L);
	diag_finish(L);
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
	char *buf, *heres[CONFIG_MAX_FILES + 1];
	size_t len;
	int nheres = 0, i;

	load_init(&L, errs, path);
	buf = config_read_file(&L, path, &len);
	if (buf == NULL) {
		loader_free(&L);
		config_free(L.cfg);
		return NULL;
	}
	heres[nheres++] = load_here(path);
	L.cfg->abspath = config_path_join(heres[0], strrchr(path, '/') != NULL ?
	    strrchr(path, '/') + 1 : path);
	if (procfile_wanted(buf, len))
		procfile_load(&L, path, heres[0], buf, len);
	else if (procfile_option_given() != NULL)
		cerr(&L, path, 0, NULL, NULL, "%s is for a Procfile, and this"
		    " is not one (no NAME: COMMAND lines first)",
		    procfile_option_given());
	else
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
	char *heres[CONFIG_MAX_FILES + 1];
	int nheres = 0, i;

	load_init(&L, errs, name);
	heres[nheres++] = xstrdup(here != NULL ? here : "/");
	if (procfile_wanted(text, strlen(text)))
		procfile_load(&L, name, heres[0], text, strlen(text));
	else
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
