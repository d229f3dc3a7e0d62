/*
 * config_print.c: psd --check: the config as psd understood it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "config_int.h"
#include "config_words.h"
#include "duration.h"
#include "signame.h"

static const char *
print_limit_name(int r)
{
	switch (r) {
	case RLIMIT_NOFILE: return "limit_nofile";
	case RLIMIT_NPROC: return "limit_nproc";
	case RLIMIT_CORE: return "limit_core";
	case RLIMIT_AS: return "limit_as";
	case RLIMIT_MEMLOCK: return "limit_memlock";
	case RLIMIT_STACK: return "limit_stack";
	case RLIMIT_CPU: return "limit_cpu";
	case RLIMIT_FSIZE: return "limit_fsize";
	case RLIMIT_DATA: return "limit_data";
	default: return "limit_?";
	}
}

static void
print_rlim(FILE *out, rlim_t r)
{
	if (r == RLIM_INFINITY)
		fputs("infinity", out);
	else
		fprintf(out, "%llu", (unsigned long long)r);
}

static void
print_output(FILE *out, const char *key, const struct output_conf *oc)
{
	if (oc->kind == OUTPUT_FILE)
		fprintf(out, "  %-18s = file:%s\n", key, oc->path);
	else
		fprintf(out, "  %-18s = %s\n", key, output_kind_name(oc->kind));
}

static void
print_program(FILE *out, const struct progconf *pc)
{
	char q[1024], d[32];
	int i;

	fprintf(out, "\n[program:%s]", pc->name);
	if (pc->file != NULL)
		fprintf(out, "  ; %s:%d", pc->file, pc->line);
	fprintf(out, "\n  %-18s =", "argv");
	for (i = 0; pc->argv != NULL && pc->argv[i] != NULL; i++)
		fprintf(out, " %s", words_quote(pc->argv[i], q, sizeof q));
	fprintf(out, "\n");
	if (pc->directory != NULL)
		fprintf(out, "  %-18s = %s\n", "directory", pc->directory);
	for (i = 0; i < pc->nenvironment; i++)
		fprintf(out, "  %-18s = %s\n", i ? "" : "environment",
		    words_quote(pc->environment[i], q, sizeof q));
	if (pc->has_user)
		fprintf(out, "  %-18s = %s (uid %d, gid %d)\n", "user",
		    pc->user, (int)pc->uid, (int)pc->gid);
	if (pc->has_group)
		fprintf(out, "  %-18s = %s (gid %d)\n", "group", pc->group,
		    (int)pc->gid);
	if (pc->has_nice)
		fprintf(out, "  %-18s = %d\n", "nice", pc->nice);
	if (pc->has_umask)
		fprintf(out, "  %-18s = %03o\n", "umask", (unsigned)pc->umask);
	for (i = 0; i < pc->nrlimits; i++) {
		fprintf(out, "  %-18s = ", print_limit_name(pc->rlimits[i].resource));
		print_rlim(out, pc->rlimits[i].lim.rlim_cur);
		fputc(':', out);
		print_rlim(out, pc->rlimits[i].lim.rlim_max);
		fputc('\n', out);
	}
	fprintf(out, "  %-18s = %s\n", "daemon", pc->daemon ? "true" : "false");
	fprintf(out, "  %-18s = %s\n", "essential",
	    pc->essential ? "true" : "false");
	fprintf(out, "  %-18s = %s\n", "autostart",
	    pc->autostart ? "true" : "false");
	if (pc->detach)
		fprintf(out, "  %-18s = true\n", "detach");
	fprintf(out, "  %-18s = %s\n", "kill_group",
	    pc->kill_group ? "true" : "false");
	fprintf(out, "  %-18s = %s\n", "restart", restart_mode_name(pc->restart));
	fprintf(out, "  %-18s = %s\n", "restart_delay",
	    duration_format(pc->restart_delay, d, sizeof d));
	fprintf(out, "  %-18s = %s\n", "restart_delay_max",
	    duration_format(pc->restart_delay_max, d, sizeof d));
	fprintf(out, "  %-18s = %s\n", "start_seconds",
	    duration_format(pc->start_seconds, d, sizeof d));
	if (pc->start_retries < 0)
		fprintf(out, "  %-18s = infinite\n", "start_retries");
	else
		fprintf(out, "  %-18s = %d\n", "start_retries", pc->start_retries);
	fprintf(out, "  %-18s = %s\n", "stop_signal", sig_name(pc->stop_signal));
	fprintf(out, "  %-18s = %s\n", "stop_timeout",
	    duration_format(pc->stop_timeout, d, sizeof d));
	if (pc->pool)
		fprintf(out, "  %-18s = %d of %d\n", "instance", pc->instance,
		    pc->ninstances);
	if (pc->ndepends_on > 0) {
		fprintf(out, "  %-18s =", "depends_on");
		for (i = 0; i < pc->ndepends_on; i++)
			fprintf(out, " %s", pc->depends_on[i]);
		fprintf(out, "\n");
	}
	if (pc->on_exit != NULL)
		fprintf(out, "  %-18s = %s\n", "on_exit", pc->on_exit);
	if (pc->on_fatal != NULL)
		fprintf(out, "  %-18s = %s\n", "on_fatal", pc->on_fatal);
	fprintf(out, "  %-18s = %s%s%s\n", "ready", ready_kind_name(pc->ready),
	    pc->ready_arg ? ":" : "", pc->ready_arg ? pc->ready_arg : "");
	if (pc->ready != READY_NONE)
		fprintf(out, "  %-18s = %s\n", "ready_timeout",
		    duration_format(pc->ready_timeout, d, sizeof d));
	if (pc->watchdog > 0)
		fprintf(out, "  %-18s = %s (%s)\n", "watchdog",
		    duration_format(pc->watchdog, d, sizeof d),
		    sig_name(pc->watchdog_signal));
	print_output(out, "stdout", &pc->out);
	print_output(out, "stderr", &pc->err);
	if (pc->log_max_size > 0)
		fprintf(out, "  %-18s = %lld bytes, %d backups\n",
		    "log_max_size", (long long)pc->log_max_size, pc->log_backups);
	if (pc->tty)
		fprintf(out, "  %-18s = true\n", "tty");
}

void
config_print(const struct config *cfg, FILE *out)
{
	char d[32];
	int i;

	fprintf(out, "; %s: %d program%s from %d file%s\n", cfg->path,
	    cfg->nprogs, cfg->nprogs == 1 ? "" : "s", cfg->nfiles,
	    cfg->nfiles == 1 ? "" : "s");
	for (i = 1; i < cfg->nfiles; i++)
		fprintf(out, ";   included %s\n", cfg->files[i]);
	fprintf(out, "[psd]\n");
	fprintf(out, "  %-18s = %s\n", "socket",
	    cfg->socket ? cfg->socket : "(default)");
	fprintf(out, "  %-18s = %04o\n", "socket_mode", (unsigned)cfg->socket_mode);
	if (cfg->has_socket_group)
		fprintf(out, "  %-18s = %s\n", "socket_group", cfg->socket_group);
	fprintf(out, "  %-18s = %s\n", "shutdown_timeout",
	    cfg->shutdown_timeout > 0 ? duration_format(cfg->shutdown_timeout,
	    d, sizeof d) : "none");
	fprintf(out, "  %-18s = %s\n", "grace", cfg->grace >= 0 ?
	    duration_format(cfg->grace, d, sizeof d) : "5s");
	if (cfg->pidfile != NULL)
		fprintf(out, "  %-18s = %s\n", "pidfile", cfg->pidfile);
	for (i = 0; i < cfg->nprogs; i++)
		print_program(out, cfg->progs[i]);
}
