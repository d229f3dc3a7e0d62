/*
 * control_fakes.c: what control_cmds.c calls, faked for its unit test.
 *
 * A connection is a struct conn holding the reply bytes (as control.c
 * writes them); the programs are the test's array; supervise's verbs and
 * program_signal are written to a trace ("start web, signal db 15").
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "control_cmds.h"
#include "control_fakes.h"
#include "control_logs.h"
#include "control_sockets.h"
#include "lineage.h"
#include "loop.h"
#include "output.h"
#include "proctree.h"
#include "program.h"
#include "progstatus.h"
#include "readiness.h"
#include "reap.h"
#include "reload.h"
#include "sink.h"
#include "stats.h"
#include "supervise.h"

struct program	*fake_progs[FAKE_MAX_PROGS];
int		 fake_nprogs;
bool		 fake_shutting_down;
char		 fake_trace[1024];
static struct config fake_cfg;
static struct stats fake_stats;
static struct reap_stats fake_reap;

static void
fake_add(const char *fmt, ...)
{
	size_t n = strlen(fake_trace);
	va_list ap;

	if (n > 0 && n + 2 < sizeof fake_trace) {
		memcpy(fake_trace + n, ", ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(fake_trace + n, sizeof fake_trace - n, fmt, ap);
	va_end(ap);
}

/* ---- control.c: replies are built as it builds them ---- */

struct proto_buf *
conn_out(struct conn *c)
{
	return &c->out;
}

bool
conn_may_write(const struct conn *c)
{
	return c->may_write;
}

void
conn_error(struct conn *c, const char *code, const char *name,
    const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	proto_begin(&c->out, MSG_ERROR);
	proto_put_str(&c->out, K_ERROR, code);
	proto_put_str(&c->out, K_MESSAGE, msg);
	if (name != NULL)
		proto_put_str(&c->out, K_NAME, name);
	proto_end(&c->out);
}

void
conn_ok(struct conn *c, const char *msg)
{
	proto_begin(&c->out, MSG_OK);
	if (msg != NULL)
		proto_put_str(&c->out, K_MESSAGE, msg);
	proto_end(&c->out);
}

void
conn_end(struct conn *c, int64_t count)
{
	proto_begin(&c->out, MSG_END);
	proto_put_int(&c->out, K_COUNT, count);
	proto_end(&c->out);
}

void
conn_finish(struct conn *c)
{
	c->finished = true;
}

void
conn_pend(struct conn *c, struct program **targets, int ntargets, int kind,
    conn_check_fn check)
{
	free(c->targets);
	c->targets = targets;
	c->ntargets = ntargets;
	c->kind = kind;
	c->check = check;
}

struct program **
conn_targets(struct conn *c, int *n, int *kind)
{
	*n = c->ntargets;
	*kind = c->kind;
	return c->targets;
}

int
control_connections(void)
{
	return 1;
}

/* ---- supervise.c ---- */

int
supervise_count(void)
{
	return fake_nprogs;
}

struct program *
supervise_at(int i)
{
	return i >= 0 && i < fake_nprogs ? fake_progs[i] : NULL;
}

struct config *
supervise_config(void)
{
	return &fake_cfg;
}

bool
supervise_shutting_down(void)
{
	return fake_shutting_down;
}

void
supervise_start_program(struct program *p)
{
	fake_add("start %s", p->conf->name);
}

void
supervise_stop_program(struct program *p)
{
	fake_add("stop %s", p->conf->name);
}

void
supervise_restart_program(struct program *p)
{
	fake_add("restart %s", p->conf->name);
}

void
supervise_shutdown(const char *why)
{
	fake_add("shutdown (%s)", why);
}

bool
supervise_ready(char *why, size_t len)
{
	snprintf(why, len, "web is STARTING");
	return false;
}

/* ---- program.c ---- */

const char *
program_name(const struct program *p)
{
	return p->conf->name;
}

int
program_signal(struct program *p, int sig)
{
	if (p->pid <= 0)
		return -1;
	fake_add("signal %s %d", p->conf->name, sig);
	return 0;
}

/* ---- the rest: counters and verbs this test does not drive ---- */

void
readiness_status(const struct program *p, struct progstatus *s)
{
	s->watchdog_misses = p->ps.watchdog_misses;
}

int64_t
loop_update_now(void)
{
	return 5000;
}

uint64_t
loop_wakeups(void)
{
	return 0;
}

struct stats *
stats_get(void)
{
	return &fake_stats;
}

const struct reap_stats *
reap_stats(void)
{
	return &fake_reap;
}

int
proctree_zombies(void)
{
	return 0;
}

void
proctree_send(struct proto_buf *out)
{
	(void)out;
}

int
output_clear(struct program_output *o)
{
	(void)o;
	return 0;
}

uint64_t
output_lines(void)
{
	return 0;
}

uint64_t
output_bytes(void)
{
	return 0;
}

uint64_t
output_dropped_lines(void)
{
	return 0;
}

uint64_t
output_dropped_bytes(void)
{
	return 0;
}

size_t
sink_pending(int sink)
{
	(void)sink;
	return 0;
}

void
reload_request(struct conn *c)
{
	(void)c;
	fake_add("reload");
}

void
reload_check_request(struct conn *c)
{
	(void)c;
	fake_add("reload-check");
}

void
control_logs_request(struct conn *c, const struct proto_msg *m)
{
	(void)c;
	(void)m;
	fake_add("logs");
}

/* control_sockets.c: no program here holds a socket. */
int
control_sockets_put(struct proto_buf *out)
{
	(void)out;
	fake_add("sockets");
	return 0;
}

const char *
control_sockets_state(const struct program *p)
{
	(void)p;
	return NULL;
}

void
control_sockets_info(const struct program *p, char *buf, size_t len)
{
	(void)p;
	if (len > 0)
		buf[0] = '\0';
}

int
control_sockets_put_instances(struct proto_buf *out, const struct program *p)
{
	(void)out;
	(void)p;
	return 0;
}

/* lineage.c: orphans attributed by process group and session. */
const char *
lineage_mechanism(void)
{
	return "session";
}
