/*
 * reload.c: diff the old and new configs, program by program.
 */
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "log.h"
#include "output.h"
#include "program.h"
#include "proto.h"
#include "reap.h"
#include "pool_run.h"
#include "reload.h"
#include "roster.h"
#include "sockets.h"
#include "sdnotify.h"
#include "supervise.h"
#include "xmalloc.h"

static void
reload_note(char ***v, int *n, const char *name)
{
	*v = xreallocarray(*v, (size_t)*n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(name);
}

static void
reload_result_free(struct reload_result *r)
{
	int i;

	for (i = 0; i < r->nadded; i++)
		free(r->added[i]);
	for (i = 0; i < r->nremoved; i++)
		free(r->removed[i]);
	for (i = 0; i < r->nchanged; i++)
		free(r->changed[i]);
	for (i = 0; i < r->nupdated; i++)
		free(r->updated[i]);
	free(r->added);
	free(r->removed);
	free(r->changed);
	free(r->updated);
	config_errors_free(&r->errs);
	memset(r, 0, sizeof *r);
}

/* Load the config the same way psd was started. */
static struct config *
reload_load(const struct config *old, struct config_errors *errs)
{
	if (old->path != NULL && strcmp(old->path, "<demo>") == 0)
		return config_load_demo(errs);
	if (old->path == NULL || old->nfiles == 0) {
		errs->msgs = xcalloc(1, sizeof *errs->msgs);
		errs->msgs[0] = xstrdup("no config file to reload"
		    " (psd was started without -c)");
		errs->n = 1;
		return NULL;
	}
	return config_load_file(old->abspath != NULL ? old->abspath : old->path,
	    errs);
}

/* Move the main program's progconf (-- CMD) from one config to another. */
static void
reload_move_main(struct config *from, struct config *to)
{
	struct program *m = roster_main();
	int i, j;

	if (m == NULL)
		return;
	for (i = j = 0; i < from->nprogs; i++)
		if (from->progs[i] != m->conf)
			from->progs[j++] = from->progs[i];
	from->nprogs = j;
	config_add_program(to, m->conf);
	roster_set_conf(m, m->conf, to);
}

/* Re-read the running config's file and apply it.  0, or -1 (errs set). */
static int
reload_apply(struct reload_result *r)
{
	struct config *old = supervise_config(), *cfg;
	struct program **snap, *p;
	struct progconf *npc;
	char err[1024];
	int i, n;

	memset(r, 0, sizeof *r);
	cfg = reload_load(old, &r->errs);
	if (cfg == NULL)
		return -1;
	config_default_directory(cfg, supervise_options()->start_dir);
	if (roster_main() != NULL && config_find(cfg, "main") != NULL) {
		r->errs.msgs = xcalloc(1, sizeof *r->errs.msgs);
		r->errs.msgs[0] = xstrdup("a program is named \"main\", which"
		    " is reserved for the command given after --");
		r->errs.n = 1;
		config_free(cfg);
		return -1;
	}
	/* Sockets first: an address that cannot be bound changes nothing. */
	if (sockets_apply(cfg, err, sizeof err) < 0) {
		r->errs.msgs = xcalloc(1, sizeof *r->errs.msgs);
		r->errs.msgs[0] = xstrdup(err);
		r->errs.n = 1;
		config_free(cfg);
		return -1;
	}

	/* Programs that went away or changed (on a snapshot: some go). */
	n = roster_count();
	snap = xcalloc((size_t)n + 1, sizeof *snap);
	for (i = 0; i < n; i++)
		snap[i] = roster_at(i);
	for (i = 0; i < n; i++) {
		p = snap[i];
		if (p->is_main || p->removing)
			continue;
		npc = config_find(cfg, program_name(p));
		if (npc == NULL) {
			reload_note(&r->removed, &r->nremoved, program_name(p));
			supervise_remove_program(p);
		} else if (progconf_needs_restart(p->conf, npc)) {
			reload_note(&r->changed, &r->nchanged, program_name(p));
			supervise_replace_conf(p, npc, cfg, true);
		} else {
			/* new timeouts, policy, hooks: the process runs on */
			if (!progconf_equal(p->conf, npc))
				reload_note(&r->updated, &r->nupdated,
				    program_name(p));
			supervise_replace_conf(p, npc, cfg, false);
		}
	}
	free(snap);

	/* Programs that are new. */
	n = roster_count();
	for (i = 0; i < cfg->nprogs; i++) {
		npc = cfg->progs[i];
		if (roster_find(npc->name) != NULL)
			continue;
		reload_note(&r->added, &r->nadded, npc->name);
		roster_add(npc, cfg);
	}
	reload_move_main(old, cfg);
	roster_adopt(cfg);
	pool_run_configure(cfg);
	roster_relink();
	output_configure(cfg);
	reap_set_attribution(roster_count() > 1);
	for (i = n; i < roster_count(); i++)
		supervise_added(roster_at(i));
	log_info("reloaded %s: %d added, %d removed, %d restarted, %d updated",
	    cfg->path, r->nadded, r->nremoved, r->nchanged, r->nupdated);
	return 0;
}

/* What reload_apply would do, without doing it.  0, or -1 (errs set). */
static int
reload_preview(struct reload_result *r)
{
	struct config *cfg;
	struct progconf *npc;
	struct program *p;
	int i;

	memset(r, 0, sizeof *r);
	cfg = reload_load(supervise_config(), &r->errs);
	if (cfg == NULL)
		return -1;
	config_default_directory(cfg, supervise_options()->start_dir);
	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (p->is_main || p->removing)
			continue;
		npc = config_find(cfg, program_name(p));
		if (npc == NULL)
			reload_note(&r->removed, &r->nremoved, program_name(p));
		else if (progconf_needs_restart(p->conf, npc))
			reload_note(&r->changed, &r->nchanged, program_name(p));
		else if (!progconf_equal(p->conf, npc))
			reload_note(&r->updated, &r->nupdated, program_name(p));
	}
	for (i = 0; i < cfg->nprogs; i++)
		if (roster_find(cfg->progs[i]->name) == NULL)
			reload_note(&r->added, &r->nadded, cfg->progs[i]->name);
	config_free(cfg);
	return 0;
}

/* Reply a reload's result (or its errors) on c. */
static void
reload_reply(struct conn *c, const struct reload_result *r, bool failed)
{
	struct proto_buf *out = conn_out(c);
	int i;

	if (failed) {
		proto_begin(out, MSG_ERROR);
		proto_put_str(out, K_ERROR, PROTO_E_CONFIG);
		proto_put_str(out, K_MESSAGE, "the config has errors;"
		    " nothing was changed");
		for (i = 0; i < r->errs.n; i++)
			proto_put_str(out, K_TEXT, r->errs.msgs[i]);
		proto_end(out);
		return;
	}
	proto_begin(out, MSG_RELOAD_REPLY);
	for (i = 0; i < r->nadded; i++)
		proto_put_str(out, K_ADDED, r->added[i]);
	for (i = 0; i < r->nremoved; i++)
		proto_put_str(out, K_REMOVED, r->removed[i]);
	for (i = 0; i < r->nchanged; i++)
		proto_put_str(out, K_CHANGED, r->changed[i]);
	for (i = 0; i < r->nupdated; i++)
		proto_put_str(out, K_UPDATED, r->updated[i]);
	proto_end(out);
}

void
reload_check_request(struct conn *c)
{
	struct reload_result r;

	reload_reply(c, &r, reload_preview(&r) < 0);
	reload_result_free(&r);
}

/* SIGHUP or psctl reload: re-read, apply, and say what happened. */
void
reload_request(struct conn *c)
{
	struct reload_result r;
	int i;

	if (supervise_shutting_down()) {
		if (c != NULL)
			conn_error(c, PROTO_E_SHUTTING_DOWN, NULL,
			    "psd is shutting down");
		return;
	}
	sdnotify_reloading();
	i = reload_apply(&r);
	sdnotify_reloaded();
	if (i < 0) {
		for (i = 0; i < r.errs.n; i++)
			log_errorx("%s", r.errs.msgs[i]);
		log_warnx("reload failed; still running the old config");
		if (c != NULL)
			reload_reply(c, &r, true);
		reload_result_free(&r);
		return;
	}
	if (c != NULL)
		reload_reply(c, &r, false);
	reload_result_free(&r);
}
