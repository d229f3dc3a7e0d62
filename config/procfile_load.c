/*
 * procfile_load.c: a Procfile (+ .env) as psd programs, run the way
 * foreman 0.87 runs them: each entry through /bin/sh -c in the
 * Procfile's directory, named NAME.N (N from 1), with the .env variables,
 * PORT = base + 100 x the entry's index + N - 1 and PS = NAME.N, "$NAME"
 * of those variables replaced in the command first, stdout and stderr on
 * one stream; by default the first process to end stops the others and
 * psd exits with its status (each program is essential, never restarted).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_diag.h"
#include "config_int.h"
#include "config_util.h"
#include "dotenv.h"
#include "log.h"
#include "procfile.h"
#include "xmalloc.h"

#define PROCFILE_DEFAULT_PORT	5000
#define PROCFILE_STOP_TIMEOUT	5000	/* ms: foreman's -t default */

static struct procfile_opts opts = { NULL, 0, NULL, -1, -1, false };

void
procfile_configure(const struct procfile_opts *o)
{
	char *cwd, *copy, *tok, *save;
	int i;

	for (i = 0; i < opts.nenvfiles; i++)
		free(opts.envfiles[i]);
	free(opts.envfiles);
	free(opts.formation);
	opts = *o;
	opts.formation = o->formation != NULL ? xstrdup(o->formation) : NULL;
	opts.envfiles = NULL;
	opts.nenvfiles = 0;
	cwd = getcwd(NULL, 0);
	for (i = 0; i < o->nenvfiles; i++) {
		/* foreman's -e a.env,b.env */
		copy = xstrdup(o->envfiles[i]);
		for (tok = strtok_r(copy, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			opts.envfiles = xreallocarray(opts.envfiles,
			    (size_t)opts.nenvfiles + 1, sizeof *opts.envfiles);
			opts.envfiles[opts.nenvfiles++] =
			    config_path_join(cwd, tok);
		}
		free(copy);
	}
	free(cwd);
}

bool
procfile_wanted(const char *buf, size_t len)
{
	return opts.force || procfile_sniff(buf, len);
}

const char *
procfile_option_given(void)
{
	if (opts.nenvfiles > 0)
		return "--env";
	if (opts.formation != NULL)
		return "-m";
	if (opts.port >= 0)
		return "--port";
	if (opts.restart >= 0)
		return "--restart";
	return NULL;
}

struct procfile_where {
	const char	*file;
	const char	*what;
};

/* A line foreman ignores: say so unless it is blank or a comment. */
static void
procfile_skipped(void *arg, int line, const char *text)
{
	const struct procfile_where *w = arg;
	size_t i = strspn(text, " \t\r");

	if (text[i] == '\0' || text[i] == '#')
		return;
	if (strncmp(text, "export ", 7) == 0)
		log_warnx("%s:%d: \"export\" is not part of foreman's .env"
		    " syntax; line ignored, as foreman does", w->file, line);
	else
		log_warnx("%s:%d: not a %s line; ignored, as foreman does",
		    w->file, line, w->what);
}

/* Load one .env file into env; false if it cannot be read. */
static bool
procfile_envfile(struct loader *L, const char *path, struct envlist *env)
{
	struct procfile_where w = { path, "NAME=VALUE" };
	size_t len;
	char *buf;

	if ((buf = config_read_file(L, path, &len)) == NULL)
		return false;
	L->cfg->files = xreallocarray(L->cfg->files, (size_t)L->cfg->nfiles + 1,
	    sizeof *L->cfg->files);
	L->cfg->files[L->cfg->nfiles++] = xstrdup(path);
	(void)dotenv_parse(buf, len, env, procfile_skipped, &w);
	free(buf);
	return true;
}

/* The .env files: --env ones, else .env beside the Procfile if present. */
static void
procfile_env(struct loader *L, const char *here, struct envlist *env)
{
	struct stat st;
	char *path;
	int i;

	if (opts.nenvfiles > 0) {
		for (i = 0; i < opts.nenvfiles; i++)
			(void)procfile_envfile(L, opts.envfiles[i], env);
		return;
	}
	path = config_path_join(here, ".env");
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		(void)procfile_envfile(L, path, env);
	free(path);
}

/* The base port: --port, else PORT from .env, else psd's $PORT, else 5000. */
static int
procfile_base_port(struct loader *L, const struct envlist *env)
{
	const char *v = envlist_get(env, "PORT"), *from = ".env";
	char *end;
	long p;

	if (opts.port >= 0)
		return opts.port;
	if (v == NULL) {
		v = getenv("PORT");
		from = "psd's environment";
	}
	if (v == NULL)
		return PROCFILE_DEFAULT_PORT;
	errno = 0;
	p = strtol(v, &end, 10);
	if (end == v || *end != '\0' || errno != 0 || p < 0 || p > 65535) {
		cerr(L, L->file, 0, NULL, "PORT", "\"%s\" (from %s) is not a"
		    " port number", v, from);
		return PROCFILE_DEFAULT_PORT;
	}
	return (int)p;
}

/* foreman's expanded_command: each "$NAME" of env, in order, replaced. */
static char *
procfile_expand(const char *command, const struct envlist *env)
{
	char *s = xstrdup(command), *hit, *t, key[256];
	const char *eq;
	size_t klen, vlen, at = 0;
	int i;

	for (i = 0; i < env->n; i++) {
		eq = strchr(env->kv[i], '=');
		klen = (size_t)(eq - env->kv[i]);
		if (klen + 2 > sizeof key)
			continue;
		key[0] = '$';
		memcpy(key + 1, env->kv[i], klen);
		key[klen + 1] = '\0';
		vlen = strlen(eq + 1);
		for (at = 0; (hit = strstr(s + at, key)) != NULL; ) {
			t = xasprintf("%.*s%s%s", (int)(hit - s), s, eq + 1,
			    hit + klen + 1);
			at = (size_t)(hit - s) + vlen;
			free(s);
			s = t;
		}
	}
	return s;
}

/* Program NAME.n of entry idx. */
static struct progconf *
procfile_program(const struct procfile_entry *e, int idx, int n, int count,
    int base_port, const struct envlist *dotenv, const char *file,
    const char *here)
{
	struct envlist env = { NULL, 0 };
	struct progconf *pc;
	char port[32], *name;
	int i;

	for (i = 0; i < dotenv->n; i++) {
		name = xstrndup(dotenv->kv[i], strcspn(dotenv->kv[i], "="));
		envlist_set(&env, name, strchr(dotenv->kv[i], '=') + 1);
		free(name);
	}
	snprintf(port, sizeof port, "%d", base_port + idx * 100 + n - 1);
	envlist_set(&env, "PORT", port);
	name = xasprintf("%s.%d", e->name, n);
	envlist_set(&env, "PS", name);

	pc = progconf_new(name, NULL);
	free(name);
	free(pc->base);
	pc->base = xstrdup(e->name);
	pc->instance = n - 1;
	pc->ninstances = count;
	pc->file = xstrdup(file);
	pc->line = e->line;
	pc->command = procfile_expand(e->command, &env);
	pc->shell = true;
	pc->argv = xcalloc(4, sizeof *pc->argv);
	pc->argv[0] = xstrdup("/bin/sh");
	pc->argv[1] = xstrdup("-c");
	pc->argv[2] = xstrdup(pc->command);
	pc->directory = xstrdup(here);
	pc->environment = env.kv;	/* NULL-terminated by envlist_set */
	pc->nenvironment = env.n;
	pc->err.kind = OUTPUT_STDOUT;
	pc->stop_timeout = PROCFILE_STOP_TIMEOUT;
	pc->daemon = false;
	if (opts.restart < 0) {
		pc->essential = true;
		pc->restart = RESTART_NEVER;
		pc->start_seconds = 0;
		pc->start_retries = 0;
	} else
		pc->restart = (enum restart_mode)opts.restart;
	return pc;
}

void
procfile_load(struct loader *L, const char *path, const char *here,
    const char *buf, size_t len)
{
	struct procfile_where w = { path, "NAME: COMMAND" };
	struct envlist env = { NULL, 0 };
	struct formation f;
	struct procfile pf;
	char err[512];
	int i, j, n, port, total = 0;

	L->cfg->files = xreallocarray(L->cfg->files, (size_t)L->cfg->nfiles + 1,
	    sizeof *L->cfg->files);
	L->cfg->files[L->cfg->nfiles++] = xstrdup(path);
	L->file = L->cfg->files[L->cfg->nfiles - 1];
	if (procfile_parse(buf, len, &pf, procfile_skipped, &w, err,
	    sizeof err) < 0) {
		cerr(L, path, 0, NULL, NULL, "%s", err);
		procfile_free(&pf);
		return;
	}
	if (pf.n == 0) {
		cerr(L, path, 0, NULL, NULL, "no processes defined (a Procfile"
		    " has NAME: COMMAND lines)");
		return;
	}
	if (formation_parse(opts.formation, &f, err, sizeof err) < 0) {
		cerr(L, "-m", 0, NULL, NULL, "%s", err);
		procfile_free(&pf);
		return;
	}
	for (i = 0; i < f.n; i++) {
		for (j = 0; j < pf.n && strcmp(pf.v[j].name, f.names[i]); j++)
			;
		if (j == pf.n)
			cerr(L, "-m", 0, NULL, NULL, "formation names \"%s\","
			    " which %s does not define", f.names[i], path);
	}
	procfile_env(L, here, &env);
	port = procfile_base_port(L, &env);
	for (i = 0; i < pf.n && !config_failed(L); i++) {
		n = formation_count(&f, pf.v[i].name);
		if (total + n > CONFIG_MAX_PROGRAMS) {
			cerr(L, "-m", 0, NULL, NULL, "more than %d processes",
			    CONFIG_MAX_PROGRAMS);
			break;
		}
		for (j = 1; j <= n; j++)
			config_add_program(L->cfg, procfile_program(&pf.v[i], i,
			    j, n, port, &env, path, here));
		total += n;
	}
	if (!config_failed(L) && total == 0)
		cerr(L, "-m", 0, NULL, NULL, "the formation runs no process");
	envlist_free(&env);
	formation_free(&f);
	procfile_free(&pf);
}
