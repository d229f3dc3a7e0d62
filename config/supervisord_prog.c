/*
 * supervisord_prog.c: [program:x] and [group:x] made into psd programs,
 * with supervisord's defaults (startsecs=1, startretries=3,
 * autorestart=unexpected, exitcodes=0, stopwaitsecs=10, no group
 * signalling, AUTO log files) and its names: a process is GROUP:NAME,
 * or NAME alone when it is the only one of its own group.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config_keydef.h"
#include "evproto.h"
#include "signame.h"
#include "supervisord.h"
#include "supervisord_int.h"
#include "config_util.h"
#include "xmalloc.h"

/* A process made, with what orders it. */
struct sd_made {
	struct progconf	*pc;
	long		 gprio, prio;
	int		 order;
};

struct sd_ctx {
	struct loader	*L;
	struct sd_sec	*s;
	const char	*pname;		/* the section's name after "program:" */
	bool		 listener;	/* [eventlistener:x] */
	struct sd_vars	 vars;
	bool		 report;	/* first process: report errors */
	bool		 bad;
};

/* Value of key expanded, or NULL (unset, or an error reported). */
static char *
sd_val(struct sd_ctx *c, const char *key)
{
	struct sd_kv *kv = sd_get(c->s, key);
	char err[256], *v;

	if (kv == NULL)
		return NULL;
	kv->used = true;
	v = sd_expand(kv->val, &c->vars, err, sizeof err);
	if (v == NULL) {
		if (c->report)
			cerr(c->L, kv->file, kv->line, c->s->name, key, "%s", err);
		c->bad = true;
	}
	return v;
}

static void
sd_bad(struct sd_ctx *c, const char *key, const char *fmt, const char *a)
{
	struct sd_kv *kv = sd_get(c->s, key);

	if (c->report)
		cerr(c->L, kv != NULL ? kv->file : c->s->file, kv != NULL ?
		    kv->line : c->s->line, c->s->name, key, fmt, a);
	c->bad = true;
}

static long
sd_num(struct sd_ctx *c, const char *key, long def, long lo, long hi)
{
	char err[256], *v = sd_val(c, key);
	long n = def;

	if (v != NULL && sd_int(v, lo, hi, &n, err, sizeof err) < 0)
		sd_bad(c, key, "%s", err);
	free(v);
	return n;
}

static bool
sd_flag(struct sd_ctx *c, const char *key, bool def)
{
	char err[256], *v = sd_val(c, key);
	bool b = def;

	if (v != NULL && sd_bool(v, &b, err, sizeof err) < 0)
		sd_bad(c, key, "%s", err);
	free(v);
	return b;
}

static void
sd_warn_key(struct sd_ctx *c, const char *key, const char *msg)
{
	struct sd_kv *kv = sd_get(c->s, key);

	if (kv == NULL)
		return;
	kv->used = true;
	if (c->report)
		sd_warn(c->L, kv->file, kv->line, c->s->name, key, "%s", msg);
}

static bool
sd_is(const char *v, const char *a, const char *b)
{
	return strcmp(v, a) == 0 || (b != NULL && strcmp(v, b) == 0) ||
	    strcmp(v, a + 5) == 0;
}

/* stdout_logfile / stderr_logfile: where one channel goes. */
static void
sd_logfile(struct sd_ctx *c, struct progconf *pc, const char *proc,
    int fd, long long *maxbytes, int *backups)
{
	struct sd_state *S = c->L->sd;
	const char *ch = fd == 1 ? "stdout" : "stderr";
	struct output_conf *oc = fd == 1 ? &pc->out : &pc->err;
	char key[64], err[256], *v, *cwd;
	long n;

	snprintf(key, sizeof key, "%s_logfile_maxbytes", ch);
	v = sd_val(c, key);
	*maxbytes = 50LL * 1024 * 1024;
	if (v != NULL && sd_bytes(v, maxbytes, err, sizeof err) < 0)
		sd_bad(c, key, "%s", err);
	free(v);
	snprintf(key, sizeof key, "%s_logfile_backups", ch);
	n = sd_num(c, key, 10, 0, 1000);
	*backups = (int)n;
	snprintf(key, sizeof key, "%s_syslog", ch);
	if (sd_flag(c, key, false))
		sd_warn_key(c, key, "psd does not write to syslog");
	snprintf(key, sizeof key, "%s_capture_maxbytes", ch);
	sd_warn_key(c, key, "psd has no capture mode (it serves no events)");
	snprintf(key, sizeof key, "%s_events_enabled", ch);
	sd_warn_key(c, key, "psd sends no PROCESS_LOG events");
	snprintf(key, sizeof key, "%s_logfile", ch);
	v = sd_val(c, key);
	free(oc->path);
	oc->path = NULL;
	if (v == NULL || strcasecmp(v, "auto") == 0) {
		oc->kind = OUTPUT_FILE;
		/* supervisord's default childlogdir is Python's tempdir */
		oc->path = xasprintf("%s/%s-%s---%s.log", S->childlogdir ?
		    S->childlogdir : getenv("TMPDIR") != NULL &&
		    *getenv("TMPDIR") == '/' ? getenv("TMPDIR") : "/tmp", proc,
		    ch, S->identifier ? S->identifier : "supervisor");
	} else if (strcasecmp(v, "none") == 0 || strcasecmp(v, "off") == 0 ||
	    strcmp(v, "/dev/null") == 0)
		oc->kind = OUTPUT_NULL;
	else if (strcasecmp(v, "syslog") == 0) {
		oc->kind = OUTPUT_NULL;
		sd_warn_key(c, key, "psd does not write to syslog; the output"
		    " is dropped");
	} else if ((fd == 1 && sd_is(v, "/dev/stdout", "/dev/fd/1")) ||
	    (fd == 2 && sd_is(v, "/dev/stderr", "/dev/fd/2")) ||
	    (fd == 1 && strcmp(v, "/proc/self/fd/1") == 0) ||
	    (fd == 2 && strcmp(v, "/proc/self/fd/2") == 0)) {
		oc->kind = OUTPUT_INHERIT;	/* psd's own, unbuffered */
		*maxbytes = 0;
	} else {
		oc->kind = OUTPUT_FILE;
		if (v[0] == '/')
			oc->path = xstrdup(v);
		else if (v[0] == '~' && v[1] == '/' && getenv("HOME") != NULL)
			oc->path = xasprintf("%s%s", getenv("HOME"), v + 1);
		else {
			cwd = getcwd(NULL, 0);
			oc->path = xasprintf("%s/%s", cwd ? cwd : "", v);
			free(cwd);
		}
		if (strncmp(v, "/dev/", 5) == 0 || strncmp(v, "/proc/", 6) == 0)
			*maxbytes = 0;
	}
	free(v);
}

/* [eventlistener:x]: events, buffer_size, result_handler. */
static void
sd_listener(struct sd_ctx *c, struct progconf *pc)
{
	char *v, *t, *save = NULL, *unsent = NULL;
	uint32_t bits;
	int r;

	pc->evl_pool = xstrdup(c->pname);
	pc->evl_server = xstrdup(c->L->sd->identifier != NULL ?
	    c->L->sd->identifier : "supervisor");
	pc->evl_buffer = (int)sd_num(c, "buffer_size", 10, 1, 100000);
	if ((v = sd_val(c, "result_handler")) != NULL) {
		if (strcmp(v, "supervisor.dispatchers:default_handler") != 0)
			sd_bad(c, "result_handler", "psd cannot import the"
			    " Python handler \"%s\"; only supervisord's default"
			    " (OK acknowledges, anything else rejects)", v);
		free(v);
	}
	if (sd_flag(c, "redirect_stderr", false))
		sd_bad(c, "redirect_stderr", "%s", "true would mix stderr into"
		    " the event protocol (supervisord refuses it too)");
	if ((v = sd_val(c, "events")) == NULL) {
		if (!c->bad)
			sd_bad(c, "events", "%s", "missing: a listener needs"
			    " events =");
		return;
	}
	for (t = strtok_r(v, ",", &save); t != NULL;
	    t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ' || *t == '\t')
			t++;
		t[strcspn(t, " \t")] = '\0';
		if (*t == '\0')
			continue;
		r = evl_subscription(t, &bits);
		if (r < 0) {
			sd_bad(c, "events", "unknown event type %s", t);
			break;
		}
		if (r == 0 && unsent == NULL)
			unsent = xstrdup(t);
		pc->evl_events |= bits;
	}
	if (!c->bad && pc->evl_events == 0 && unsent == NULL)
		sd_bad(c, "events", "%s", "names no event type");
	if (unsent != NULL && c->report) {
		char msg[200];

		snprintf(msg, sizeof msg, "psd sends no %s events (only"
		    " PROCESS_STATE* and TICK_*); the listener gets none", unsent);
		sd_warn_key(c, "events", msg);
		sd_get(c->s, "events")->used = true;
	}
	free(unsent);
	free(v);
}

/* The psd program for one process of section c->s. */
static struct progconf *
sd_process(struct sd_ctx *c, const char *group, long num, long numprocs)
{
	struct sd_state *S = c->L->sd;
	struct progconf *pc;
	char err[256], *v, *proc, **argv;
	long long omax, emax;
	int ob, eb, n, i;
	bool cut, stopgrp, killgrp;
	long code;

	/* environment first: its names are %(ENV_X)s for what follows */
	pc = progconf_new(c->pname, NULL);
	sd_env_put(&pc->environment, &pc->nenvironment, "SUPERVISOR_ENABLED",
	    "1");
	if (S->serverurl != NULL)
		sd_env_put(&pc->environment, &pc->nenvironment,
		    "SUPERVISOR_SERVER_URL", S->serverurl);
	proc = sd_val(c, "process_name");
	if (proc == NULL && !c->bad)
		proc = xstrdup(c->pname);
	if (proc == NULL) {
		progconf_free(pc);
		return NULL;
	}
	if (proc[0] == '\0' || strpbrk(proc, " :/") != NULL)
		sd_bad(c, "process_name", "\"%s\" is not a valid name (no"
		    " spaces, ':' or '/')", proc);
	sd_env_put(&pc->environment, &pc->nenvironment,
	    "SUPERVISOR_PROCESS_NAME", proc);
	sd_env_put(&pc->environment, &pc->nenvironment,
	    "SUPERVISOR_GROUP_NAME", group);
	for (i = 0; i < S->nenv; i++) {
		char *eq = strchr(S->env[i], '=');

		*eq = '\0';
		sd_env_put(&pc->environment, &pc->nenvironment, S->env[i],
		    eq + 1);
		*eq = '=';
	}
	if ((v = sd_val(c, "environment")) != NULL) {
		char **mine = NULL;
		int nmine = 0;

		if (sd_env_parse(v, &mine, &nmine, &cut, err, sizeof err) < 0)
			sd_bad(c, "environment", "%s", err);
		else if (cut)
			sd_warn_key(c, "environment", "a '#' ends the list there"
			    " (supervisord reads the rest as a comment); quote"
			    " the value to keep it");
		for (i = 0; i < nmine; i++) {
			char *eq = strchr(mine[i], '=');

			*eq = '\0';
			sd_env_put(&pc->environment, &pc->nenvironment, mine[i],
			    eq + 1);
			/* the program's own names expand in later keys */
			sd_env_put(&c->vars.env, &c->vars.nenv, mine[i],
			    eq + 1);
		}
		sd_free_words(mine);
		free(v);
	}
	free(pc->name);
	free(pc->base);
	pc->name = strcmp(group, proc) == 0 ? xstrdup(proc) :
	    xasprintf("%s:%s", group, proc);
	pc->base = xstrdup(group);
	pc->instance = (int)num;
	pc->ninstances = (int)numprocs;
	pc->file = xstrdup(c->s->file);
	pc->line = c->s->line;
	pc->daemon = true;	/* supervisord runs until told to stop */
	pc->kill_group = false;
	pc->start_retries = 3;
	pc->restart = RESTART_ON_FAILURE;
	pc->sd_semantics = true;
	pc->sd_exitcodes[0] = 1;	/* exitcodes=0 */

	if ((v = sd_val(c, "command")) == NULL) {
		if (!c->bad)
			sd_bad(c, "command", "%s", "missing: a program needs a"
			    " command");
	} else if (sd_split(v, &argv, &n, err, sizeof err) < 0)
		sd_bad(c, "command", "%s", err);
	else if (n == 0) {
		sd_bad(c, "command", "%s", "empty command");
		sd_free_words(argv);
	} else {
		pc->argv = argv;
		pc->command = xstrdup(v);
	}
	free(v);
	if ((v = sd_val(c, "directory")) != NULL) {
		pc->directory = v[0] == '/' ? xstrdup(v) :
		    config_path_join(getcwd(err, sizeof err) ? err : "/", v);
		free(v);
	}
	if ((v = sd_val(c, "umask")) != NULL) {
		if (sd_octal(v, &code, err, sizeof err) < 0)
			sd_bad(c, "umask", "%s", err);
		pc->has_umask = true;
		pc->umask = (mode_t)(code & 0777);
		free(v);
	}
	if ((v = sd_val(c, "user")) != NULL) {
		struct keydef kd = { "user", NULL, 0, 0, 0, -1 };

		if (p_user(c->L, pc, &kd, v, err, sizeof err) < 0)
			sd_bad(c, "user", "%s", err);
		else if (pc->uid != geteuid() && geteuid() != 0)
			sd_bad(c, "user", "switching to user \"%s\" needs psd to"
			    " run as root", v);
		free(v);
	}
	pc->autostart = sd_flag(c, "autostart", true);
	pc->start_seconds = 1000 * sd_num(c, "startsecs", 1, 0, 86400 * 365);
	pc->start_retries = (int)sd_num(c, "startretries", 3, 0, 1000000);
	pc->stop_timeout = 1000 * sd_num(c, "stopwaitsecs", 10, 0,
	    86400 * 365);
	if ((v = sd_val(c, "stopsignal")) != NULL) {
		int sig = sig_parse(v, 0);

		if (sig <= 0)
			sd_bad(c, "stopsignal", "\"%s\" is not a signal", v);
		else
			pc->stop_signal = sig;
		free(v);
	}
	stopgrp = sd_flag(c, "stopasgroup", false);
	killgrp = sd_flag(c, "killasgroup", stopgrp);
	if (stopgrp && !killgrp)
		sd_bad(c, "killasgroup", "%s", "stopasgroup=true needs"
		    " killasgroup=true (supervisord refuses it too)");
	pc->kill_group = stopgrp;
	pc->sd_killasgroup = killgrp;	/* SIGKILL after stopwaitsecs */
	if ((v = sd_val(c, "autorestart")) != NULL) {
		if (strcasecmp(v, "unexpected") == 0)
			pc->restart = RESTART_ON_FAILURE;
		else if (sd_bool(v, &cut, err, sizeof err) == 0)
			pc->restart = cut ? RESTART_ALWAYS : RESTART_NEVER;
		else
			sd_bad(c, "autorestart", "\"%s\" is not true, false or"
			    " unexpected", v);
		free(v);
	}
	if ((v = sd_val(c, "exitcodes")) != NULL) {
		char *t, *save = NULL;

		memset(pc->sd_exitcodes, 0, sizeof pc->sd_exitcodes);
		for (t = strtok_r(v, ",", &save); t != NULL;
		    t = strtok_r(NULL, ",", &save)) {
			if (sd_int(t, 0, 255, &code, err, sizeof err) < 0) {
				sd_bad(c, "exitcodes", "%s", err);
				break;
			}
			pc->sd_exitcodes[code / 8] |= (uint8_t)(1u << (code % 8));
		}
		free(v);
	}
	sd_warn_key(c, "serverurl", "psd has no XML-RPC server to point at");
	if (c->listener)
		sd_listener(c, pc);
	sd_logfile(c, pc, proc, 1, &omax, &ob);
	if (c->listener) {
		/* its stdout is the protocol: psd reads it, logs none of it */
		if (pc->out.kind != OUTPUT_NULL && sd_get(c->s,
		    "stdout_logfile") != NULL)
			sd_warn_key(c, "stdout_logfile", "a listener's stdout"
			    " carries the event protocol: psd reads it and"
			    " writes none of it to a file");
		free(pc->out.path);
		pc->out.path = NULL;
		pc->out.kind = OUTPUT_NULL;
	}
	if (sd_flag(c, "redirect_stderr", false)) {
		if (sd_get(c->s, "stderr_logfile") != NULL)
			sd_warn_key(c, "stderr_logfile", "ignored:"
			    " redirect_stderr=true sends stderr with stdout");
		pc->err.kind = OUTPUT_STDOUT;
		emax = 0;
		eb = 0;
	} else
		sd_logfile(c, pc, proc, 2, &emax, &eb);
	pc->log_max_size = pc->out.kind == OUTPUT_FILE ? omax : emax;
	pc->log_backups = pc->out.kind == OUTPUT_FILE ? ob : eb;
	if (pc->out.kind == OUTPUT_FILE && pc->err.kind == OUTPUT_FILE &&
	    (omax != emax || ob != eb) && c->report)
		sd_warn(c->L, c->s->file, c->s->line, c->s->name,
		    "stderr_logfile_maxbytes", "psd rotates both files at the"
		    " stdout sizes");
	free(proc);
	if (c->bad) {
		progconf_free(pc);
		return NULL;
	}
	return pc;
}

/* Every process of one [program:] (or [eventlistener:]) section, as
 * members of group. */
static void
sd_section_processes(struct loader *L, struct sd_sec *s, const char *group,
    long gprio, struct sd_made **made, int *nmade)
{
	bool listener = strncmp(s->name, "eventlistener:", 14) == 0;
	const char *pname = strchr(s->name, ':') + 1;
	struct sd_var vars[6];
	struct sd_ctx c;
	struct progconf *pc;
	long numprocs, start, prio, i;
	int nenv;
	char *pn;

	memset(&c, 0, sizeof c);
	c.L = L;
	c.s = s;
	c.report = true;
	c.pname = pname;
	c.listener = listener;
	vars[0] = (struct sd_var){ "here", s->here, 0 };
	vars[1] = (struct sd_var){ "program_name", pname, 0 };
	vars[2] = (struct sd_var){ "group_name", group, 0 };
	vars[3] = (struct sd_var){ "host_node_name", sd_nodename(), 0 };
	c.vars.v = vars;
	c.vars.n = 4;
	for (nenv = 0; environ[nenv] != NULL; nenv++)
		;
	/* listeners start first and stop last (supervisord's default) */
	prio = sd_num(&c, "priority", listener ? -1 : 999, -1000000, 1000000);
	numprocs = sd_num(&c, "numprocs", 1, 0, CONFIG_MAX_PROGRAMS);
	start = sd_num(&c, "numprocs_start", 0, 0, 1000000);
	if ((pn = sd_get(s, "process_name") ? sd_get(s,
	    "process_name")->val : NULL) != NULL && numprocs > 1 &&
	    strstr(pn, "%(process_num)") == NULL)
		sd_bad(&c, "process_name", "%s", "must have %(process_num)"
		    " in it when numprocs > 1, to tell the processes apart");
	if (c.bad)
		return;
	for (i = start; i < start + numprocs && *nmade < CONFIG_MAX_PROGRAMS;
	    i++) {
		vars[4] = (struct sd_var){ "process_num", NULL, i };
		vars[5] = (struct sd_var){ "numprocs", NULL, numprocs };
		c.vars.n = 6;
		c.vars.env = NULL;
		c.vars.nenv = 0;
		for (nenv = 0; environ[nenv] != NULL; nenv++) {
			char *eq = strchr(environ[nenv], '=');

			if (eq == NULL)
				continue;
			*eq = '\0';
			sd_env_put(&c.vars.env, &c.vars.nenv, environ[nenv],
			    eq + 1);
			*eq = '=';
		}
		for (nenv = 0; nenv < L->sd->nenv; nenv++) {
			char *eq = strchr(L->sd->env[nenv], '=');

			*eq = '\0';
			sd_env_put(&c.vars.env, &c.vars.nenv, L->sd->env[nenv],
			    eq + 1);
			*eq = '=';
		}
		pc = sd_process(&c, group, i, numprocs);
		sd_free_words(c.vars.env);
		c.report = false;
		if (pc == NULL)
			return;
		*made = xreallocarray(*made, (size_t)*nmade + 1, sizeof **made);
		(*made)[*nmade] = (struct sd_made){ pc, gprio, prio,
		    *nmade };
		(*nmade)++;
	}
	sd_unused(L, s, "supervisord does not know this key; psd ignores it"
	    " too");
}

static int
sd_made_cmp(const void *a, const void *b)
{
	const struct sd_made *x = a, *y = b;

	int c;

	/* supervisord orders groups by priority, then name */
	if (x->gprio != y->gprio)
		return x->gprio < y->gprio ? -1 : 1;
	if ((c = strcmp(x->pc->base, y->pc->base)) != 0)
		return c;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->order - y->order;
}

/* The group a [program:] belongs to, and that group's priority. */
static const char *
sd_group_of(struct loader *L, const char *prog, long *gprio,
    struct sd_sec **gsec)
{
	struct sd_state *S = L->sd;
	char *copy, *t, *save = NULL, err[128];
	struct sd_kv *kv;
	int i;

	for (i = 0; i < S->nsecs; i++) {
		if (strncmp(S->secs[i]->name, "group:", 6) != 0 ||
		    (kv = sd_get(S->secs[i], "programs")) == NULL)
			continue;
		copy = xstrdup(kv->val);
		for (t = strtok_r(copy, ",", &save); t != NULL;
		    t = strtok_r(NULL, ",", &save)) {
			while (*t == ' ' || *t == '\t')
				t++;
			t[strcspn(t, " \t")] = '\0';
			if (strcmp(t, prog) == 0)
				break;
		}
		free(copy);
		if (t == NULL)
			continue;
		*gsec = S->secs[i];
		*gprio = 999;
		if ((kv = sd_get(S->secs[i], "priority")) != NULL &&
		    sd_int(kv->val, -1000000, 1000000, gprio, err,
		    sizeof err) < 0)
			cerr(L, kv->file, kv->line, S->secs[i]->name, "priority",
			    "%s", err);
		return S->secs[i]->name + 6;
	}
	*gsec = NULL;
	return NULL;
}

/* Every [group:x] names programs that exist. */
static void
sd_check_groups(struct loader *L)
{
	struct sd_state *S = L->sd;
	char *copy, *t, *save = NULL, name[160];
	struct sd_kv *kv;
	int i;

	for (i = 0; i < S->nsecs; i++) {
		if (strncmp(S->secs[i]->name, "group:", 6) != 0)
			continue;
		if ((kv = sd_get(S->secs[i], "programs")) == NULL) {
			cerr(L, S->secs[i]->file, S->secs[i]->line,
			    S->secs[i]->name, NULL, "needs programs =");
			continue;
		}
		kv->used = true;
		if (sd_get(S->secs[i], "priority") != NULL)
			sd_get(S->secs[i], "priority")->used = true;
		copy = xstrdup(kv->val);
		for (t = strtok_r(copy, ",", &save); t != NULL;
		    t = strtok_r(NULL, ",", &save)) {
			while (*t == ' ' || *t == '\t')
				t++;
			t[strcspn(t, " \t")] = '\0';
			snprintf(name, sizeof name, "program:%s", t);
			if (*t != '\0' && sd_find(S, name) == NULL)
				cerr(L, kv->file, kv->line, S->secs[i]->name,
				    "programs", "no [program:%s]", t);
		}
		free(copy);
		sd_unused(L, S->secs[i], "supervisord does not know this key;"
		    " psd ignores it too");
	}
}

void
sd_programs(struct loader *L)
{
	struct sd_state *S = L->sd;
	struct sd_made *made = NULL;
	struct sd_sec *s, *gsec;
	const char *group, *pname;
	bool listener;
	long gprio;
	int i, nmade = 0;

	sd_check_groups(L);
	for (i = 0; i < S->nsecs && !config_failed(L); i++) {
		s = S->secs[i];
		if (strncmp(s->name, "fcgi-program:", 13) == 0) {
			cerr(L, s->file, s->line, s->name, NULL, "psd does not"
			    " run FastCGI programs yet; it cannot honour this"
			    " section");
			continue;
		}
		if (strncmp(s->name, "eventlistener:", 14) == 0) {
			pname = s->name + 14;
			listener = true;
		} else if (strncmp(s->name, "program:", 8) == 0) {
			pname = s->name + 8;
			listener = false;
		} else
			continue;
		if (pname[0] == '\0' || strpbrk(pname, " :/")) {
			cerr(L, s->file, s->line, s->name, NULL, "\"%s\" is not"
			    " a valid program name", pname);
			continue;
		}
		group = listener ? NULL : sd_group_of(L, pname, &gprio, &gsec);
		if (group == NULL) {
			group = pname;
			gprio = listener ? -1 : 999;
			if (sd_get(s, "priority") != NULL) {
				char err[128];

				if (sd_int(sd_get(s, "priority")->val, -1000000,
				    1000000, &gprio, err, sizeof err) < 0)
					gprio = 999;
			}
		}
		sd_section_processes(L, s, group, gprio, &made, &nmade);
	}
	if (nmade > 0)
		qsort(made, (size_t)nmade, sizeof *made, sd_made_cmp);
	for (i = 0; i < nmade; i++) {
		if (!config_failed(L) && config_find(L->cfg,
		    made[i].pc->name) != NULL)
			cerr(L, made[i].pc->file, made[i].pc->line, NULL, NULL,
			    "two programs are named \"%s\"", made[i].pc->name);
		if (config_failed(L))
			progconf_free(made[i].pc);
		else
			config_add_program(L->cfg, made[i].pc);
	}
	free(made);
}
