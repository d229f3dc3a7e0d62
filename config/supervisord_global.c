/*
 * supervisord_global.c: [supervisord], [unix_http_server] and the
 * sections psd reads but has no use for, with supervisord's value types.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
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

/* %(here)s, %(host_node_name)s and %(ENV_X)s, as in [supervisord]. */
static char *
sd_global_expand(struct loader *L, struct sd_sec *s, struct sd_kv *kv)
{
	struct sd_var vars[2] = { { "here", s->here, 0 },
	    { "host_node_name", sd_nodename(), 0 } };
	struct sd_vars sv = { vars, 2, environ, 0 };
	char err[256], *r;

	kv->used = true;
	while (environ[sv.nenv] != NULL)
		sv.nenv++;
	r = sd_expand(kv->val, &sv, err, sizeof err);
	if (r == NULL)
		cerr(L, kv->file, kv->line, s->name, kv->key, "%s", err);
	return r;
}

/* A path as supervisord takes it: ~ expanded, relative to the cwd. */
static char *
sd_path(const char *v)
{
	const char *home = getenv("HOME");
	char *cwd, *r;

	if (v[0] == '~' && (v[1] == '/' || v[1] == '\0') && home != NULL)
		return xasprintf("%s%s", home, v + 1);
	if (v[0] == '/')
		return xstrdup(v);
	cwd = getcwd(NULL, 0);
	r = xasprintf("%s/%s", cwd != NULL ? cwd : "", v);
	free(cwd);
	return r;
}

static bool
sd_is_own_output(const char *v)
{
	return strcmp(v, "/dev/stdout") == 0 || strcmp(v, "/dev/stderr") == 0 ||
	    strcmp(v, "/dev/fd/1") == 0 || strcmp(v, "/dev/fd/2") == 0 ||
	    strcmp(v, "/proc/self/fd/1") == 0 ||
	    strcmp(v, "/proc/self/fd/2") == 0 || strcmp(v, "/dev/null") == 0;
}

/* [supervisord]: the keys psd acts on, and a word on the others. */
static void
sd_supervisord(struct loader *L, struct sd_sec *s)
{
	struct sd_state *S = L->sd;
	struct config *cfg = L->cfg;
	struct sd_kv *kv;
	char err[256], *v;
	bool b, cut;
	long n;
	int lvl;

	if ((kv = sd_get(s, "nodaemon")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		if (sd_bool(v, &b, err, sizeof err) < 0)
			cerr(L, kv->file, kv->line, s->name, kv->key, "%s", err);
		else if (!b)
			sd_warn(L, kv->file, kv->line, s->name, kv->key,
			    "psd stays in the foreground (psd -d daemonizes)");
		free(v);
	}
	if ((kv = sd_get(s, "loglevel")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		if (strcasecmp(v, "critical") == 0)
			lvl = log_level_from_name("error");
		else if (strcasecmp(v, "blather") == 0)
			lvl = log_level_from_name("trace");
		else {
			for (n = 0; v[n] != '\0'; n++)
				v[n] = (char)tolower((unsigned char)v[n]);
			lvl = log_level_from_name(v);
		}
		if (lvl < 0)
			cerr(L, kv->file, kv->line, s->name, kv->key, "\"%s\" is"
			    " not a log level; expected critical, error, warn,"
			    " info, debug, trace or blather", v);
		else
			cfg->log_level = lvl;
		free(v);
	}
	if ((kv = sd_get(s, "logfile")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		if (!sd_is_own_output(v))
			sd_warn(L, kv->file, kv->line, s->name, kv->key, "psd"
			    " writes its own log to stderr, not to %s", v);
		free(v);
	}
	if ((kv = sd_get(s, "pidfile")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		free(cfg->pidfile);
		cfg->pidfile = sd_path(v);
		free(v);
	}
	if ((kv = sd_get(s, "user")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		struct progconf tmp;
		struct keydef kd = { "user", NULL, 0, 0, 0, -1 };

		memset(&tmp, 0, sizeof tmp);
		if (p_user(L, &tmp, &kd, v, err, sizeof err) < 0)
			cerr(L, kv->file, kv->line, s->name, kv->key, "%s", err);
		else if (tmp.uid != geteuid())
			cerr(L, kv->file, kv->line, s->name, kv->key, "psd does"
			    " not switch its own user: run psd as %s", v);
		free(tmp.user);
		free(tmp.groups);
		free(v);
	}
	if ((kv = sd_get(s, "childlogdir")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		free(S->childlogdir);
		S->childlogdir = sd_path(v);
		free(v);
	}
	if ((kv = sd_get(s, "identifier")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		free(S->identifier);
		S->identifier = v;
	}
	if ((kv = sd_get(s, "environment")) != NULL) {
		kv->used = true;
		if (sd_env_parse(kv->val, &S->env, &S->nenv, &cut, err,
		    sizeof err) < 0)
			cerr(L, kv->file, kv->line, s->name, kv->key, "%s", err);
		else if (cut)
			sd_warn(L, kv->file, kv->line, s->name, kv->key, "a '#'"
			    " ends the list there (supervisord reads the rest"
			    " as a comment); quote the value to keep it");
	}
	if ((kv = sd_get(s, "umask")) != NULL && !kv->used)
		sd_warn(L, kv->file, kv->line, s->name, kv->key, "supervisord"
		    " sets it only when it daemonizes; psd leaves its umask"
		    " as it is");
	if ((kv = sd_get(s, "directory")) != NULL)
		sd_warn(L, kv->file, kv->line, s->name, kv->key, "supervisord"
		    " goes there only when it daemonizes; psd stays where it"
		    " starts");
	if ((kv = sd_get(s, "umask")) != NULL)
		kv->used = true;
	if ((kv = sd_get(s, "directory")) != NULL)
		kv->used = true;
	sd_unused(L, s, "psd does not act on it (supervisord's own log,"
	    " limits and housekeeping)");
}

/* [unix_http_server]: psd's control socket. */
static void
sd_unix_server(struct loader *L, struct sd_sec *s)
{
	struct sd_state *S = L->sd;
	struct config *cfg = L->cfg;
	struct sd_kv *kv;
	char err[256], *v, *colon;
	long n;

	cfg->socket_mode = 0700;
	if ((kv = sd_get(s, "file")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		free(cfg->socket);
		cfg->socket = sd_path(v);
		free(S->serverurl);
		S->serverurl = xasprintf("unix://%s", cfg->socket);
		free(v);
	}
	if ((kv = sd_get(s, "chmod")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		if (sd_octal(v, &n, err, sizeof err) < 0)
			cerr(L, kv->file, kv->line, s->name, kv->key, "%s", err);
		else
			cfg->socket_mode = (mode_t)(n & 0777);
		free(v);
	}
	if ((kv = sd_get(s, "chown")) != NULL &&
	    (v = sd_global_expand(L, s, kv)) != NULL) {
		colon = strchr(v, ':');
		if (colon != NULL) {
			*colon = '\0';
			if (p_gid(colon + 1, &cfg->socket_gid,
			    &cfg->socket_group) < 0)
				cerr(L, kv->file, kv->line, s->name, kv->key,
				    "no such group \"%s\"", colon + 1);
			else
				cfg->has_socket_group = true;
		}
		sd_warn(L, kv->file, kv->line, s->name, kv->key, "psd's socket"
		    " stays owned by psd's user (\"%s\"); its group and"
		    " mode say who else may connect", v);
		free(v);
	}
	if ((kv = sd_get(s, "username")) != NULL) {
		kv->used = true;
		sd_warn(L, kv->file, kv->line, s->name, kv->key, "psd has no"
		    " passwords: it checks each client's uid (SO_PEERCRED)"
		    " against the socket's owner and group");
	}
	if ((kv = sd_get(s, "password")) != NULL)
		kv->used = true;
	sd_unused(L, s, "supervisord does not know this key; psd ignores"
	    " it too");
}

/*
 * Every section that is not a program: what psd does with it.  Called
 * once, after every file is read.
 */
void
sd_global(struct loader *L)
{
	struct sd_state *S = L->sd;
	struct sd_sec *s;
	int i;

	for (i = 0; i < S->nsecs; i++) {
		s = S->secs[i];
		if (strcmp(s->name, "supervisord") == 0)
			sd_supervisord(L, s);
		else if (strcmp(s->name, "unix_http_server") == 0)
			sd_unix_server(L, s);
		else if (strcmp(s->name, "inet_http_server") == 0)
			sd_warn(L, s->file, s->line, s->name, NULL, "psd serves"
			    " no HTTP/XML-RPC: psctl talks to its unix socket"
			    " (tools/psd-http serves health and metrics)");
		else if (strcmp(s->name, "supervisorctl") == 0)
			sd_warn(L, s->file, s->line, s->name, NULL, "psctl finds"
			    " psd's socket itself (psctl -s PATH to choose)");
		else if (strncmp(s->name, "rpcinterface:", 13) == 0 ||
		    strncmp(s->name, "ctlplugin:", 10) == 0)
			sd_warn(L, s->file, s->line, s->name, NULL, "psd loads no"
			    " Python plugins; psctl's verbs are built in");
		else if (strcmp(s->name, "include") == 0)
			sd_unused(L, s, "supervisord reads only files= here");
		else if (strncmp(s->name, "program:", 8) != 0 &&
		    strncmp(s->name, "group:", 6) != 0 &&
		    strncmp(s->name, "eventlistener:", 14) != 0 &&
		    strncmp(s->name, "fcgi-program:", 13) != 0)
			sd_warn(L, s->file, s->line, s->name, NULL, "not a"
			    " section supervisord knows; psd ignores it too");
	}
}

void
sd_finish(struct loader *L)
{
	if (L->sd == NULL)
		return;
	sd_global(L);
	if (!config_failed(L))
		sd_programs(L);
}
