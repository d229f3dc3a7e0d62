/*
 * config_print.c: psd --check: the config as psd understood it, as a
 * listing or (--print-config) as an equivalent psd.ini.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "config_int.h"
#include "config_words.h"
#include "duration.h"
#include "evproto.h"
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
	    pc->kill_group ? "true" : pc->sd_killasgroup ? "kill" : "false");
	if (pc->sd_semantics) {
		int c;

		fprintf(out, "  %-18s = supervisord\n  %-18s =", "rules",
		    "exit_codes");
		for (c = 0; c < 256; c++)
			if (pc->sd_exitcodes[c / 8] & (1u << (c % 8)))
				fprintf(out, " %d", c);
		fputc('\n', out);
	}
	if (pc->evl_events != 0) {
		int c;

		fprintf(out, "  %-18s =", "events");
		for (c = 0; c < EVL__COUNT; c++)
			if (pc->evl_events & EVL_BIT(c))
				fprintf(out, " %s", evl_type_name(c));
		fprintf(out, " (pool %s, buffer %d, server %s)\n",
		    pc->evl_pool, pc->evl_buffer, pc->evl_server);
	}
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

/* v with every % doubled: psd's expansion gives v back. */
static void
native_put(FILE *out, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '%')
			fputc('%', out);
		fputc(*v, out);
	}
}

/* Values a psd.ini line cannot hold (a newline): how many, and the
 * first one's program and key, for the error. */
static int native_bad;
static const char *native_bad_prog, *native_bad_key;

/* One word, quoted for psd's splitter, % doubled; a word with a newline
 * is left out and counted. */
static void
native_word(FILE *out, const char *w, const struct progconf *pc,
    const char *key)
{
	char q[8192];

	if (strchr(w, '\n') != NULL || strchr(w, '\r') != NULL) {
		if (native_bad++ == 0) {
			native_bad_prog = pc->name;
			native_bad_key = key;
		}
		fputs("''", out);
		return;
	}
	native_put(out, words_quote(w, q, sizeof q));
}

static void
native_output(FILE *out, const char *key, const struct output_conf *oc)
{
	fprintf(out, "%s = ", key);
	if (oc->kind == OUTPUT_FILE) {
		fputs("file:", out);
		native_put(out, oc->path);
	} else
		fputs(output_kind_name(oc->kind), out);
	fputc('\n', out);
}

/* A section name psd accepts: letters, digits, _ . - (':' becomes '.'). */
static void
native_name(FILE *out, const char *name)
{
	for (; *name != '\0'; name++)
		fputc((*name >= 'a' && *name <= 'z') || (*name >= 'A' &&
		    *name <= 'Z') || (*name >= '0' && *name <= '9') ||
		    *name == '_' || *name == '-' || *name == '.' ? *name : '.',
		    out);
}

static void
native_program(FILE *out, const struct progconf *pc)
{
	char d[32];
	int i, c;

	fputs("\n[program:", out);
	native_name(out, pc->name);
	fputs("]\n", out);
	if (strcmp(pc->name, pc->base) != 0 || strchr(pc->name, ':') != NULL)
		fprintf(out, "; was %s (group %s), %s:%d\n", pc->name, pc->base,
		    pc->file != NULL ? pc->file : "?", pc->line);
	if (pc->shell) {
		fputs("shell = true\ncommand = ", out);
		native_put(out, pc->command != NULL ? pc->command : "");
	} else {
		fputs("command =", out);
		for (i = 0; pc->argv != NULL && pc->argv[i] != NULL; i++) {
			fputc(' ', out);
			native_word(out, pc->argv[i], pc, "command");
		}
	}
	fputc('\n', out);
	if (pc->directory != NULL) {
		fputs("directory = ", out);
		native_put(out, pc->directory);
		fputc('\n', out);
	}
	if (pc->nenvironment > 0) {
		fputs("environment =", out);
		for (i = 0; i < pc->nenvironment; i++) {
			fputc(' ', out);
			native_word(out, pc->environment[i], pc,
			    "environment");
		}
		fputc('\n', out);
	}
	if (pc->has_user)
		fprintf(out, "user = %s\n", pc->user);
	if (pc->has_group)
		fprintf(out, "group = %s\n", pc->group);
	if (pc->has_nice)
		fprintf(out, "nice = %d\n", pc->nice);
	if (pc->has_umask)
		fprintf(out, "umask = %03o\n", (unsigned)pc->umask);
	for (i = 0; i < pc->nrlimits; i++) {
		fprintf(out, "%s = ", print_limit_name(pc->rlimits[i].resource));
		print_rlim(out, pc->rlimits[i].lim.rlim_cur);
		fputc(':', out);
		print_rlim(out, pc->rlimits[i].lim.rlim_max);
		fputc('\n', out);
	}
	fprintf(out, "daemon = %s\n", pc->daemon ? "true" : "false");
	if (pc->essential)
		fputs("essential = true\n", out);
	fprintf(out, "autostart = %s\n", pc->autostart ? "true" : "false");
	if (pc->detach)
		fputs("detach = true\n", out);
	fprintf(out, "kill_group = %s\n", pc->kill_group ? "true" :
	    pc->sd_killasgroup ? "kill" : "false");
	fprintf(out, "restart = %s\n", restart_mode_name(pc->restart));
	fprintf(out, "restart_delay = %s\n",
	    duration_format(pc->restart_delay, d, sizeof d));
	fprintf(out, "restart_delay_max = %s\n",
	    duration_format(pc->restart_delay_max, d, sizeof d));
	fprintf(out, "start_seconds = %s\n",
	    duration_format(pc->start_seconds, d, sizeof d));
	if (pc->start_retries < 0)
		fputs("start_retries = infinite\n", out);
	else
		fprintf(out, "start_retries = %d\n", pc->start_retries);
	fprintf(out, "stop_signal = %s\n", sig_name(pc->stop_signal));
	fprintf(out, "stop_timeout = %s\n",
	    duration_format(pc->stop_timeout, d, sizeof d));
	if (pc->sd_semantics) {
		fputs("rules = supervisord\nexit_codes =", out);
		for (c = 0; c < 256; c++)
			if (pc->sd_exitcodes[c / 8] & (1u << (c % 8)))
				fprintf(out, " %d", c);
		fputc('\n', out);
	}
	if (pc->evl_events != 0) {
		fputs("events =", out);
		for (c = 0; c < EVL__COUNT; c++)
			if (pc->evl_events & EVL_BIT(c))
				fprintf(out, " %s", evl_type_name(c));
		fprintf(out, "\nevents_pool = %s\nevents_buffer = %d\n"
		    "events_server = %s\n", pc->evl_pool, pc->evl_buffer,
		    pc->evl_server);
	}
	for (i = 0; i < pc->ndepends_on; i++)
		fprintf(out, "%s%s", i ? " " : "depends_on = ",
		    pc->depends_on[i]);
	if (pc->ndepends_on > 0)
		fputc('\n', out);
	if (pc->on_exit != NULL) {
		fputs("on_exit = ", out);
		native_put(out, pc->on_exit);
		fputc('\n', out);
	}
	if (pc->on_fatal != NULL) {
		fputs("on_fatal = ", out);
		native_put(out, pc->on_fatal);
		fputc('\n', out);
	}
	if (pc->ready != READY_NONE) {
		fprintf(out, "ready = %s%s", ready_kind_name(pc->ready),
		    pc->ready_arg ? ":" : "");
		if (pc->ready_arg != NULL)
			native_put(out, pc->ready_arg);
		fprintf(out, "\nready_timeout = %s\n",
		    duration_format(pc->ready_timeout, d, sizeof d));
		fprintf(out, "ready_interval = %s\n",
		    duration_format(pc->ready_interval, d, sizeof d));
	}
	if (pc->watchdog > 0)
		fprintf(out, "watchdog = %s\nwatchdog_signal = %s\n",
		    duration_format(pc->watchdog, d, sizeof d),
		    sig_name(pc->watchdog_signal));
	native_output(out, "stdout", &pc->out);
	native_output(out, "stderr", &pc->err);
	fprintf(out, "log_max_size = %lld\nlog_backups = %d\n",
	    (long long)pc->log_max_size, pc->log_backups);
	if (pc->tty)
		fputs("tty = true\n", out);
}

int
config_print_native(const struct config *cfg, FILE *out, char *err,
    size_t errlen)
{
	char d[32];
	int i;

	native_bad = 0;
	fprintf(out, "; psd.ini written by psd --check --print-config from"
	    " %s\n", cfg->path);
	fputs("; each program lists every key psd acts on; [psd] environment"
	    " is in each\n; program's own.\n", out);
	fputs("[psd]\n", out);
	if (cfg->socket != NULL)
		fprintf(out, "socket = %s\n", cfg->socket);
	fprintf(out, "socket_mode = %04o\n", (unsigned)cfg->socket_mode);
	if (cfg->has_socket_group)
		fprintf(out, "socket_group = %s\n", cfg->socket_group);
	if (cfg->shutdown_timeout > 0)
		fprintf(out, "shutdown_timeout = %s\n",
		    duration_format(cfg->shutdown_timeout, d, sizeof d));
	if (cfg->grace >= 0)
		fprintf(out, "grace = %s\n", duration_format(cfg->grace, d,
		    sizeof d));
	if (cfg->pidfile != NULL)
		fprintf(out, "pidfile = %s\n", cfg->pidfile);
	for (i = 0; i < cfg->nprogs; i++)
		native_program(out, cfg->progs[i]);
	if (native_bad > 0) {
		snprintf(err, errlen, "[program:%s] %s: a value with a newline"
		    " cannot be written in a psd.ini (%d value%s left out as '')",
		    native_bad_prog, native_bad_key, native_bad,
		    native_bad == 1 ? "" : "s");
		return -1;
	}
	return 0;
}
