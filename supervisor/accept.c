/*
 * accept.c: accept connections on accept = true sockets and run one
 * instance per connection.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "accept.h"
#include "environ.h"
#include "log.h"
#include "pidmap.h"
#include "sockets.h"
#include "spawn.h"
#include "stats.h"
#include "supervise.h"
#include "util.h"
#include "xmalloc.h"

extern char **environ;

/* After EMFILE/ENFILE: wait this long before accepting again. */
#define ACCEPT_RETRY_MS		100

struct acceptor {
	struct sock		*s;
	struct watch		 w;
	bool			 watching;
	struct timer		 retry;
	struct accept_counts	 c;
};

struct accept_inst {
	struct child		 child;
	struct spawn		 sp;
	pid_t			 pid;
	unsigned int		 n;
	char			*prog;
	char			 peer[INET6_ADDRSTRLEN + 8];
	int64_t			 started;
	struct acceptor		*acc;		/* NULL once its socket closed */
	struct accept_inst	*next;
};

static struct accept_inst	*insts;
static unsigned int		 seq;
static int			 devnull = -1;

int
accept_active(const char *base)
{
	struct accept_inst *i;
	int n = 0;

	for (i = insts; i != NULL; i = i->next)
		if (strcmp(i->prog, base) == 0)
			n++;
	return n;
}

bool
accept_counts(const struct sock *s, struct accept_counts *c)
{
	const struct acceptor *a = s->acceptor;

	if (!s->accept || a == NULL)
		return false;
	*c = a->c;
	return true;
}

bool
accept_instance(int k, struct accept_inst_info *info)
{
	struct accept_inst *i;

	for (i = insts; i != NULL && k > 0; i = i->next)
		k--;
	if (i == NULL)
		return false;
	info->prog = i->prog;
	info->n = i->n;
	info->pid = i->pid;
	info->peer = i->peer;
	info->started = i->started;
	return true;
}

const char *
accept_name_of(pid_t pid, char *buf, size_t len)
{
	struct accept_inst *i;

	for (i = insts; i != NULL; i = i->next)
		if (i->pid == pid) {
			snprintf(buf, len, "%s#%u (%s)", i->prog, i->n,
			    i->peer);
			return buf;
		}
	return NULL;
}

static void
accept_pause(struct acceptor *a)
{
	if (a->watching) {
		watch_del(&a->w);
		a->watching = false;
	}
}

static void	accept_ready(struct watch *w, uint32_t revents);

static void
accept_resume(struct acceptor *a)
{
	if (a->watching || timer_armed(&a->retry) ||
	    supervise_shutting_down())
		return;
	watch_init(&a->w, accept_ready, a);
	if (watch_add(&a->w, a->s->fd, EPOLLIN) < 0)
		log_warn("socket %s: epoll", a->s->spec);
	else
		a->watching = true;
}

/* Pause or resume every socket of program base, by its count. */
static void
accept_regulate(const char *base, int max)
{
	struct acceptor *a;
	bool full = accept_active(base) >= max;
	int i;

	for (i = 0; i < sockets_count(); i++) {
		a = sockets_at(i)->acceptor;
		if (a == NULL || strcmp(a->s->prog, base) != 0)
			continue;
		if (full)
			accept_pause(a);
		else
			accept_resume(a);
	}
}

/* An instance ended: it is reaped already (reap.c). */
static void
accept_exited(struct child *c, int status)
{
	struct accept_inst *i = c->arg, **pp;
	struct program *p;
	char how[64];

	wait_status_str(status, how, sizeof how);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		log_debug("program %s#%u (%s): %s", i->prog, i->n, i->peer,
		    how);
	else
		log_info("program %s#%u (%s): %s", i->prog, i->n, i->peer,
		    how);
	if (i->acc != NULL)
		i->acc->c.active--;
	for (pp = &insts; *pp != NULL; pp = &(*pp)->next)
		if (*pp == i) {
			*pp = i->next;
			break;
		}
	p = supervise_find(i->prog);
	if (p != NULL)
		accept_regulate(i->prog, p->conf->max_connections);
	free(i->prog);
	free(i);
}

/* "ADDR:PORT" of a peer, and REMOTE_ADDR/REMOTE_PORT. */
static void
accept_peer(const struct sockaddr_storage *ss, char *peer, size_t len,
    struct envbuf *e)
{
	char addr[INET6_ADDRSTRLEN];
	int port;

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof addr);
		port = ntohs(sin->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof addr);
		port = ntohs(sin6->sin6_port);
	} else {
		snprintf(peer, len, "unix");
		return;
	}
	snprintf(peer, len, ss->ss_family == AF_INET6 ? "[%s]:%d" : "%s:%d",
	    addr, port);
	environ_setf(e, "REMOTE_ADDR", "%s", addr);
	environ_setf(e, "REMOTE_PORT", "%d", port);
}

/* Run an instance of p for connection fd; 0, or -1 (fd is closed). */
static int
accept_spawn(struct acceptor *a, struct program *p, int fd,
    const struct sockaddr_storage *ss)
{
	const struct progconf *pc = p->conf;
	struct accept_inst *i = xcalloc(1, sizeof *i);
	struct spawn_desc d;
	struct spawn_result r;
	struct envbuf e;
	char err[256];

	if (devnull < 0 &&
	    (devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
		log_warn("open /dev/null");
	i->n = ++seq;
	i->prog = xstrdup(pc->base);
	environ_program(&e, pc, ENVIRON_RUN);
	environ_setf(&e, "PSD_INSTANCE", "%u", i->n);
	environ_setf(&e, "LISTEN_FDS", "1");
	environ_setf(&e, "LISTEN_FDNAMES", "connection");
	accept_peer(ss, i->peer, sizeof i->peer, &e);
	e.listen_pid = environ_reserve_pid(&e, "LISTEN_PID");

	spawn_desc_init(&d);
	spawn_desc_from_conf(&d, pc);
	d.stdio[0] = d.stdio[1] = fd;	/* inetd's way */
	d.stdio[2] = pc->err.kind == OUTPUT_NULL ? devnull :
	    pc->err.kind == OUTPUT_STDOUT ? fd : -1;
	/* stderr only: a pipe into psd's log (or its file) */
	if (output_prepare(&p->out, d.stdio, err, sizeof err) < 0) {
		log_warnx("program %s#%u: %s", pc->base, i->n, err);
		goto fail;
	}
	d.envp = e.v;
	d.listen_pid_env = e.listen_pid;
	d.setsid = true;
	d.pdeathsig = pc->daemon ? SIGKILL : 0;
	d.pass_fds = &fd;
	d.npass_fds = 1;
	spawn_init(&i->sp, NULL, NULL, i);
	r = spawn_start(&i->sp, &d);
	if (r.status == SPAWN_FAILED) {
		log_warnx("program %s#%u: %s: %s", pc->base, i->n,
		    spawn_stage_name(r.stage), strerror(r.err));
		output_abort(&p->out);
		goto fail;
	}
	output_started(&p->out);
	spawn_cancel(&i->sp);	/* a failed exec shows as exit 127 */
	close(fd);
	environ_free(&e);
	stats_get()->spawns++;
	i->pid = r.pid;
	i->started = loop_now();
	i->acc = a;
	i->child.on_exit = accept_exited;
	i->child.arg = i;
	pidmap_insert(&i->child, r.pid);
	i->next = insts;
	insts = i;
	a->c.active++;
	log_debug("program %s#%u (%s): pid %d", pc->base, i->n, i->peer,
	    (int)r.pid);
	return 0;
fail:
	close(fd);
	environ_free(&e);
	free(i->prog);
	free(i);
	return -1;
}

static void
accept_retry(struct timer *t)
{
	accept_resume(t->arg);
}

/* Connections are waiting: accept while instances may run. */
static void
accept_ready(struct watch *w, uint32_t revents)
{
	struct acceptor *a = w->arg;
	struct sockaddr_storage ss;
	struct program *p = supervise_find(a->s->prog);
	socklen_t sl;
	int fd;

	(void)revents;
	if (p == NULL || supervise_shutting_down()) {
		accept_pause(a);
		return;
	}
	while (accept_active(p->conf->base) < p->conf->max_connections) {
		sl = sizeof ss;
		fd = accept4(a->s->fd, (struct sockaddr *)&ss, &sl,
		    SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			/* out of fds or memory: leave them queued a while */
			log_warn("socket %s: accept", a->s->spec);
			accept_pause(a);
			timer_set(&a->retry, loop_now() + ACCEPT_RETRY_MS);
			return;
		}
		a->c.accepted++;
		if (accept_spawn(a, p, fd, &ss) < 0)
			a->c.refused++;
	}
	accept_regulate(p->conf->base, p->conf->max_connections);
}

static void
accept_opened(struct sock *s)
{
	struct acceptor *a = xcalloc(1, sizeof *a);

	a->s = s;
	timer_init(&a->retry, accept_retry, a);
	s->acceptor = a;
	accept_resume(a);
}

static void
accept_closing(struct sock *s)
{
	struct acceptor *a = s->acceptor;
	struct accept_inst *i;

	if (a == NULL)
		return;
	for (i = insts; i != NULL; i = i->next)
		if (i->acc == a)
			i->acc = NULL;
	accept_pause(a);
	timer_cancel(&a->retry);
	s->acceptor = NULL;
	loop_defer_free(a, free);
}

/* psd stops: accept no more, and ask the instances to end. */
static void
accept_stopping(void)
{
	struct accept_inst *i;
	struct program *p;
	int k;

	for (k = 0; k < sockets_count(); k++)
		if (sockets_at(k)->acceptor != NULL) {
			struct acceptor *a = sockets_at(k)->acceptor;

			accept_pause(a);
			timer_cancel(&a->retry);
		}
	for (i = insts; i != NULL; i = i->next) {
		p = supervise_find(i->prog);
		if (kill(-i->pid, p != NULL ? p->conf->stop_signal : SIGTERM) <
		    0 && errno != ESRCH)
			log_warn("program %s#%u: kill", i->prog, i->n);
	}
}

void
accept_free(void)
{
	struct accept_inst *i;

	while ((i = insts) != NULL) {
		insts = i->next;
		pidmap_remove(&i->child);
		free(i->prog);
		free(i);
	}
	if (devnull >= 0) {
		close(devnull);
		devnull = -1;
	}
}

static const struct sockets_observer accept_sockets_observer = {
	.opened = accept_opened,
	.closing = accept_closing,
};

static const struct supervise_observer accept_supervise_observer = {
	.stopping = accept_stopping,
};

void
accept_init(void)
{
	sockets_observe(&accept_sockets_observer);
	supervise_observe(&accept_supervise_observer);
}
