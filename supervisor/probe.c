/*
 * probe.c: run exec: and tcp: readiness probes from the loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "environ.h"
#include "log.h"
#include "probe.h"
#include "program.h"
#include "spawn.h"
#include "util.h"

static int	probe_devnull = -1;

static void	probe_attempt(struct probe *);

/* The time between attempts. */
static int64_t
probe_interval(const struct probe *pr)
{
	int64_t iv = pr->p->conf->ready_interval;

	return iv < PROBE_MIN_INTERVAL_MS ? PROBE_MIN_INTERVAL_MS : iv;
}

/* Is the program still waiting to become ready? */
static bool
probe_wanted(const struct probe *pr)
{
	enum pstate s = program_state(pr->p);

	return pr->active && (s == PS_STARTING || s == PS_RUNNING);
}

/* A probe passed: the program is READY. */
static void
probe_passed(struct probe *pr)
{
	struct program *p = pr->p;

	log_debug("program %s: ready probe passed (attempt %u)",
	    program_name(p), pr->attempts);
	probe_end(pr);
	program_event(p, PE_READY, 0);
}

/* Log a probe's set-up failure once per run; later ones at debug. */
static void
probe_warn(struct probe *pr, const char *fmt, const char *a, const char *b)
{
	char msg[512];

	snprintf(msg, sizeof msg, fmt, a, b);
	if (!pr->warned)
		log_warnx("program %s: ready probe: %s", program_name(pr->p),
		    msg);
	else
		log_debug("program %s: ready probe: %s", program_name(pr->p),
		    msg);
	pr->warned = true;
}

/* Kill a running exec probe and forget it (its exit is an orphan's). */
static void
probe_kill(struct probe *pr)
{
	if (pr->child.pid > 0) {
		(void)kill(-pr->child.pid, SIGKILL);
		(void)kill(pr->child.pid, SIGKILL);
	} else if (spawn_wants_pid(&pr->spawn) && pr->inter.pid > 0)
		/* the probe waits in the intermediate's group for its go */
		(void)kill(-pr->inter.pid, SIGKILL);
	pidmap_remove(&pr->child);
	pidmap_remove(&pr->inter);
	spawn_cancel(&pr->spawn);
	pr->running = false;
}

/* The probe's pid came through the status pipe. */
static void
probe_spawn_pid(struct spawn *s, pid_t pid)
{
	struct probe *pr = s->arg;

	pidmap_insert(&pr->child, pid);
}

/* The status pipe said how exec went. */
static void
probe_spawn_done(struct spawn *s, const struct spawn_result *r)
{
	struct probe *pr = s->arg;

	if (r->status != SPAWN_FAILED)
		return;
	pr->exec_failed = true;
	probe_warn(pr, "%s: %s", spawn_stage_name(r->stage), strerror(r->err));
}

/* The intermediate child was reaped: the probe's pid must be known now. */
static void
probe_inter_exited(struct child *c, int status)
{
	struct probe *pr = c->arg;

	(void)status;
	spawn_poll(&pr->spawn);
	if (spawn_wants_pid(&pr->spawn)) {
		/* it failed before forking the probe */
		spawn_cancel(&pr->spawn);
		pr->running = false;
	}
}

/* The probe command was reaped: exit 0 means ready. */
static void
probe_exited(struct child *c, int status)
{
	struct probe *pr = c->arg;
	char buf[64];

	spawn_poll(&pr->spawn);		/* complete now the probe is gone */
	spawn_cancel(&pr->spawn);
	pr->running = false;
	if (!probe_wanted(pr))
		return;
	if (!pr->exec_failed && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		probe_passed(pr);
		return;
	}
	log_debug("program %s: ready probe: %s", program_name(pr->p),
	    wait_status_str(status, buf, sizeof buf));
}

/* Start CMD as a second-level child. */
static void
probe_exec_start(struct probe *pr)
{
	struct program *p = pr->p;
	struct spawn_desc d;
	struct spawn_result r;
	struct envbuf env;
	char *argv[] = { "/bin/sh", "-c", p->conf->ready_arg, NULL };

	if (probe_devnull < 0) {
		probe_devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (probe_devnull < 0) {
			probe_warn(pr, "open %s: %s", "/dev/null",
			    strerror(errno));
			return;
		}
	}
	/* The program's set-up (user, directory, limits), another command. */
	spawn_desc_init(&d);
	spawn_desc_from_conf(&d, p->conf);
	d.argv = argv;
	d.transparent = false;
	environ_program(&env, p->conf, ENVIRON_PROBE);
	environ_setf(&env, "PSD_PID", "%d", (int)p->pid);
	d.envp = env.v;
	d.stdio[0] = d.stdio[1] = d.stdio[2] = probe_devnull;
	d.mode = SPAWN_DETACHED;
	pr->exec_failed = false;
	r = spawn_start(&pr->spawn, &d);
	environ_free(&env);
	if (r.status == SPAWN_FAILED) {
		probe_warn(pr, "%s: %s", spawn_stage_name(r.stage),
		    strerror(r.err));
		return;
	}
	pr->running = true;
	/* a record still in the map from the last attempt goes first */
	pidmap_remove(&pr->inter);
	pidmap_remove(&pr->child);
	pidmap_insert(&pr->inter, r.pid);
	if (r.status == SPAWN_STARTED) {
		/* the status pipe cannot be watched: its pid would never come */
		probe_kill(pr);
		return;
	}
	log_trace("program %s: ready probe %u: intermediate pid %d",
	    program_name(p), pr->attempts, (int)r.pid);
}

/* Close a connecting socket. */
static void
probe_tcp_close(struct probe *pr)
{
	if (pr->fd < 0)
		return;
	watch_del(&pr->watch);
	close(pr->fd);
	pr->fd = -1;
}

/* Resolve HOST:PORT ([HOST]:PORT for IPv6); 0 or -1 (logged). */
static int
probe_tcp_resolve(struct probe *pr)
{
	struct addrinfo hints;
	char host[256];
	const char *arg = pr->p->conf->ready_arg, *colon = strrchr(arg, ':');
	size_t hl;
	int r;

	if (colon == NULL || (hl = (size_t)(colon - arg)) >= sizeof host) {
		probe_warn(pr, "tcp:%s: %s", arg, "expected HOST:PORT");
		return -1;
	}
	memcpy(host, arg, hl);
	host[hl] = '\0';
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_NUMERICHOST;
	r = getaddrinfo(host, colon + 1, &hints, &pr->ai);
	if (r == EAI_NONAME) {
		hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
		r = getaddrinfo(host, colon + 1, &hints, &pr->ai);
	}
	if (r != 0) {
		pr->ai = NULL;
		probe_warn(pr, "cannot resolve %s: %s", host, gai_strerror(r));
		return -1;
	}
	return 0;
}

/* Try the addresses from pr->cur on until one connects or is pending. */
static void
probe_tcp_next(struct probe *pr)
{
	struct addrinfo *a;
	int fd;

	for (; (a = pr->cur) != NULL; pr->cur = a->ai_next) {
		fd = socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0) {
			probe_warn(pr, "%s: %s", "socket", strerror(errno));
			continue;
		}
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
			close(fd);
			probe_passed(pr);
			return;
		}
		if (errno == EINPROGRESS &&
		    watch_add(&pr->watch, fd, EPOLLOUT) == 0) {
			pr->fd = fd;
			return;
		}
		log_trace("program %s: ready probe: connect: %s",
		    program_name(pr->p), strerror(errno));
		close(fd);
	}
}

/* The pending connect finished. */
static void
probe_tcp_writable(struct watch *w, uint32_t revents)
{
	struct probe *pr = w->arg;
	socklen_t len = sizeof(int);
	int err = 0;

	(void)revents;
	if (getsockopt(pr->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	probe_tcp_close(pr);
	if (err == 0) {
		probe_passed(pr);
		return;
	}
	log_trace("program %s: ready probe: connect: %s", program_name(pr->p),
	    strerror(err));
	if (pr->cur != NULL) {
		pr->cur = pr->cur->ai_next;
		probe_tcp_next(pr);
	}
}

/* Start one attempt; the next one is due an interval later. */
static void
probe_attempt(struct probe *pr)
{
	struct program *p = pr->p;

	if (!probe_wanted(pr))
		return;
	if (pr->running) {
		log_debug("program %s: ready probe still running after %lld ms;"
		    " killed", program_name(p), (long long)probe_interval(pr));
		probe_kill(pr);
	}
	probe_tcp_close(pr);
	pr->attempts++;
	timer_set(&pr->timer, loop_now() + probe_interval(pr));
	if (p->conf->ready == READY_EXEC)
		probe_exec_start(pr);
	else if (p->conf->ready == READY_TCP) {
		if (pr->ai == NULL && probe_tcp_resolve(pr) < 0)
			return;
		pr->cur = pr->ai;
		probe_tcp_next(pr);
	}
}

/* The next attempt is due. */
static void
probe_timer(struct timer *t)
{
	probe_attempt(t->arg);
}

/* Set up an idle probe for p. */
void
probe_init(struct probe *pr, struct program *p)
{
	memset(pr, 0, sizeof *pr);
	pr->p = p;
	spawn_init(&pr->spawn, probe_spawn_pid, probe_spawn_done, pr);
	pr->fd = -1;
	timer_init(&pr->timer, probe_timer, pr);
	watch_init(&pr->watch, probe_tcp_writable, pr);
	pr->inter.on_exit = probe_inter_exited;
	pr->inter.arg = pr;
	pr->child.on_exit = probe_exited;
	pr->child.arg = pr;
}

/* Start probing a new run (addresses are resolved again). */
void
probe_begin(struct probe *pr)
{
	probe_end(pr);
	if (pr->ai != NULL) {
		freeaddrinfo(pr->ai);	/* resolved again for each start */
		pr->ai = NULL;
	}
	pr->active = true;
	pr->attempts = 0;
	pr->warned = false;
	probe_attempt(pr);
}

/* Stop probing; kill a running probe. */
void
probe_end(struct probe *pr)
{
	pr->active = false;
	timer_cancel(&pr->timer);
	if (pr->running || spawn_wants_pid(&pr->spawn))
		probe_kill(pr);
	probe_tcp_close(pr);
	pr->cur = NULL;
}

/* Stop probing and drop every record in the pidmap. */
void
probe_free(struct probe *pr)
{
	probe_end(pr);
	pidmap_remove(&pr->child);
	pidmap_remove(&pr->inter);
	if (pr->ai != NULL)
		freeaddrinfo(pr->ai);
	pr->ai = NULL;
}
