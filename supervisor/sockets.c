/*
 * sockets.c: open, bind, listen, hold; the reload diff; socket
 * activation (LISTEN_FDS) and start = on_demand.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "environ.h"
#include "log.h"
#include "sockets.h"
#include "supervise.h"
#include "util.h"
#include "xmalloc.h"

static struct sock			**socks;
static int				  nsocks;
static const struct sockets_observer	**observers;
static int				  nobservers;
static bool				  started;

void
sockets_observe(const struct sockets_observer *o)
{
	observers = xreallocarray(observers, (size_t)nobservers + 1,
	    sizeof *observers);
	observers[nobservers++] = o;
}

#define SOCKETS_ANNOUNCE(fn, s) do {					\
	int i_;								\
	for (i_ = 0; i_ < nobservers; i_++)				\
		if (observers[i_]->fn != NULL)				\
			observers[i_]->fn(s);				\
} while (0)

int
sockets_count(void)
{
	return nsocks;
}

struct sock *
sockets_at(int i)
{
	return i >= 0 && i < nsocks ? socks[i] : NULL;
}

/*
 * A unix socket's path: a stale socket file (nobody answers) is removed;
 * one that answers is in use.  0, or -1 with errno.
 */
static int
sockets_unix_stale(const struct listen_addr *a)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)&a->sa;
	struct stat st;
	int fd, r;

	if (a->abstract || lstat(sun->sun_path, &st) < 0 ||
	    !S_ISSOCK(st.st_mode))
		return 0;	/* bind reports what is there */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	r = connect(fd, (const struct sockaddr *)&a->sa, a->salen);
	close(fd);
	if (r == 0) {
		errno = EADDRINUSE;
		return -1;
	}
	return unlink(sun->sun_path);
}

/* Open one socket for pc; fd, or -1 with the failed call in *what. */
static int
sockets_bind(const struct progconf *pc, const struct listen_addr *a,
    const char **what)
{
	int fd, on = 1, e;

	*what = "socket";
	fd = socket(a->family, listen_socktype(a) | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	*what = "setsockopt";
	if (a->family != AF_UNIX && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR,
	    &on, sizeof on) < 0)
		goto fail;
	if (a->family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &on, sizeof on) < 0)
		goto fail;
	*what = "bind";
	if (a->family == AF_UNIX && sockets_unix_stale(a) < 0)
		goto fail;
	if (bind(fd, (const struct sockaddr *)&a->sa, a->salen) < 0)
		goto fail;
	if (a->family == AF_UNIX && !a->abstract && pc->has_socket_mode) {
		*what = "chmod";
		if (chmod(((const struct sockaddr_un *)&a->sa)->sun_path,
		    pc->socket_mode) < 0)
			goto fail;
	}
	if (a->family == AF_UNIX && !a->abstract &&
	    (pc->has_socket_user || pc->has_socket_group)) {
		*what = "chown";
		if (chown(((const struct sockaddr_un *)&a->sa)->sun_path,
		    pc->has_socket_user ? pc->socket_uid : (uid_t)-1,
		    pc->has_socket_group ? pc->socket_gid : (gid_t)-1) < 0)
			goto fail;
	}
	*what = "listen";
	if (listen_socktype(a) == SOCK_STREAM && listen(fd, pc->backlog) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

/* Remove a unix socket's file (psd made it). */
static void
sockets_unlink(const struct sock *s)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)&s->a.sa;

	if (s->a.family == AF_UNIX && !s->a.abstract &&
	    unlink(sun->sun_path) < 0 && errno != ENOENT)
		log_warn("socket %s", s->spec);
}

static void
sockets_unwatch(struct sock *s)
{
	if (s->watching) {
		watch_del(&s->w);
		s->watching = false;
	}
}

static void
sockets_free(struct sock *s, bool unlink_path)
{
	sockets_unwatch(s);
	if (s->fd >= 0) {
		if (unlink_path)
			sockets_unlink(s);
		close(s->fd);
	}
	free(s->prog);
	free(s->spec);
	free(s);
}

/* A new record for word i of pc (fd still -1). */
static struct sock *
sockets_new(const struct progconf *pc, int i, const struct listen_addr *a)
{
	struct sock *s = xcalloc(1, sizeof *s);

	s->prog = xstrdup(pc->base);
	s->spec = xstrdup(pc->listen[i]);
	s->index = i;
	s->a = *a;
	s->fd = -1;
	s->accept = pc->accept;
	s->on_demand = pc->on_demand && !pc->accept;
	return s;
}

static struct sock *
sockets_find_addr(const struct listen_addr *a, bool *taken)
{
	int i;

	for (i = 0; i < nsocks; i++)
		if (!taken[i] && listen_same(&socks[i]->a, a))
			return socks[i];
	return NULL;
}

/* psd's own accept() must not block; a program's socket must. */
static void
sockets_set_mode(struct sock *s, const struct sock *want)
{
	bool was = s->accept;

	if (was)
		SOCKETS_ANNOUNCE(closing, s);
	sockets_unwatch(s);
	if (strcmp(s->prog, want->prog) != 0) {
		free(s->prog);
		s->prog = xstrdup(want->prog);
	}
	if (strcmp(s->spec, want->spec) != 0) {
		free(s->spec);
		s->spec = xstrdup(want->spec);
	}
	s->index = want->index;
	s->accept = want->accept;
	s->on_demand = want->on_demand;
	if (fd_set_nonblock(s->fd, s->accept) < 0)
		log_warn("socket %s: fcntl", s->spec);
	if (s->accept)
		SOCKETS_ANNOUNCE(opened, s);
}

static void	sockets_arm(void);

int
sockets_apply(const struct config *cfg, char *err, size_t len)
{
	struct sock **want = NULL, **keep = NULL, *s;
	bool *taken = xcalloc((size_t)nsocks + 1, sizeof *taken);
	const struct progconf *pc;
	struct listen_addr a;
	const char *what;
	char perr[256];
	int nwant = 0, i, j, k, e;

	for (i = 0; i < cfg->nprogs; i++) {
		pc = cfg->progs[i];
		if (pc->instance != 0)	/* a pool's instances share them */
			continue;
		for (j = 0; j < pc->nlisten; j++) {
			if (listen_parse(pc->listen[j], &a, perr,
			    sizeof perr) < 0) {
				snprintf(err, len, "%s:%d: [program:%s] listen:"
				    " %s", pc->file, pc->listen_line, pc->base,
				    perr);
				goto fail;
			}
			want = xreallocarray(want, (size_t)nwant + 1,
			    sizeof *want);
			keep = xreallocarray(keep, (size_t)nwant + 1,
			    sizeof *keep);
			want[nwant] = sockets_new(pc, j, &a);
			keep[nwant] = sockets_find_addr(&a, taken);
			if (keep[nwant] != NULL) {
				for (k = 0; k < nsocks; k++)
					if (socks[k] == keep[nwant])
						taken[k] = true;
			} else {
				want[nwant]->fd = sockets_bind(pc, &a, &what);
				if (want[nwant]->fd < 0) {
					e = errno;
					snprintf(err, len, "%s:%d: [program:%s]"
					    " listen: %s: %s: %s", pc->file,
					    pc->listen_line, pc->base,
					    pc->listen[j], what, strerror(e));
					nwant++;
					goto fail;
				}
				if (fd_set_nonblock(want[nwant]->fd,
				    want[nwant]->accept) < 0)
					log_warn("socket %s: fcntl",
					    pc->listen[j]);
			}
			nwant++;
		}
	}

	/* Every socket could be made: now change the set. */
	for (i = 0; i < nsocks; i++)
		if (!taken[i]) {
			log_info("socket %s of %s: closed", socks[i]->spec,
			    socks[i]->prog);
			if (socks[i]->accept)
				SOCKETS_ANNOUNCE(closing, socks[i]);
			sockets_free(socks[i], true);
		}
	free(socks);
	socks = xcalloc((size_t)nwant + 1, sizeof *socks);
	nsocks = nwant;
	for (i = 0; i < nwant; i++) {
		if (keep[i] != NULL) {
			s = keep[i];
			if (strcmp(s->prog, want[i]->prog) != 0 ||
			    s->accept != want[i]->accept ||
			    s->on_demand != want[i]->on_demand ||
			    s->index != want[i]->index ||
			    strcmp(s->spec, want[i]->spec) != 0)
				sockets_set_mode(s, want[i]);
			sockets_free(want[i], false);
			socks[i] = s;
			continue;
		}
		socks[i] = want[i];
		log_info("socket %s of %s: listening", socks[i]->spec,
		    socks[i]->prog);
		if (socks[i]->accept)
			SOCKETS_ANNOUNCE(opened, socks[i]);
	}
	free(want);
	free(keep);
	free(taken);
	if (started)
		sockets_arm();
	return 0;

fail:
	for (i = 0; i < nwant; i++)
		sockets_free(want[i], keep[i] == NULL);
	free(want);
	free(keep);
	free(taken);
	return -1;
}

void
sockets_close_all(void)
{
	int i;

	for (i = 0; i < nsocks; i++) {
		if (socks[i]->accept)
			SOCKETS_ANNOUNCE(closing, socks[i]);
		sockets_free(socks[i], true);
	}
	free(socks);
	socks = NULL;
	nsocks = 0;
	free(observers);
	observers = NULL;
	nobservers = 0;
}

/* The sockets of program base name, in the order of its listen =. */
static int
sockets_of(const char *base, int *fds, int max)
{
	int i, n = 0, idx, best;

	/* few sockets: pick them by index, smallest first */
	for (idx = -1;; idx = socks[best]->index) {
		best = -1;
		for (i = 0; i < nsocks; i++)
			if (!socks[i]->accept &&
			    strcmp(socks[i]->prog, base) == 0 &&
			    socks[i]->index > idx && (best < 0 ||
			    socks[i]->index < socks[best]->index))
				best = i;
		if (best < 0 || n == max)
			return n;
		fds[n++] = socks[best]->fd;
	}
}

static void
sockets_environ(struct program *p, struct envbuf *e)
{
	const struct progconf *pc = p->conf;
	int fds[SPAWN_MAX_PASS_FDS], n, i;
	char *names;
	size_t len;

	if (pc->nlisten == 0 || pc->accept)
		return;
	n = sockets_of(pc->base, fds, SPAWN_MAX_PASS_FDS);
	if (n == 0)
		return;
	/* sd_listen_fds_with_names(3): one name per fd, ':' between */
	len = (size_t)n * (strlen(pc->base) + 1) + 1;
	names = xcalloc(len, 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(names, ":");
		strcat(names, pc->base);
	}
	environ_setf(e, "LISTEN_FDS", "%d", n);
	environ_setf(e, "LISTEN_FDNAMES", "%s", names);
	free(names);
	e->listen_pid = environ_reserve_pid(e, "LISTEN_PID");
}

static void
sockets_spawning(struct program *p, struct spawn_desc *d)
{
	static int fds[SPAWN_MAX_PASS_FDS];
	const struct progconf *pc = p->conf;

	if (pc->nlisten == 0 || pc->accept)
		return;
	d->npass_fds = sockets_of(pc->base, fds, SPAWN_MAX_PASS_FDS);
	d->pass_fds = fds;
}

/*
 * Should a connection start program base: is no instance of it running
 * (or about to), and none FATAL (a connection left queued would start
 * it again and again; psctl start clears that)?
 */
static bool
sockets_prog_waiting(const char *base)
{
	struct program *p;
	int i;

	for (i = 0; i < supervise_count(); i++) {
		p = supervise_at(i);
		if (strcmp(p->conf->base, base) == 0 &&
		    (pstate_active(p->ps.state) || p->start_pending ||
		    p->ps.state == PS_FATAL || p->removing))
			return false;
	}
	return true;
}

/* The first connection (or datagram) to an on_demand program. */
static void
sockets_demand(struct watch *w, uint32_t revents)
{
	struct sock *s = w->arg;
	struct program *p;
	char *base = xstrdup(s->prog);
	int i;

	(void)revents;
	log_info("socket %s of %s: a connection: starting %s", s->spec,
	    s->prog, s->prog);
	for (i = 0; i < nsocks; i++)
		if (strcmp(socks[i]->prog, base) == 0)
			sockets_unwatch(socks[i]);
	for (i = 0; i < supervise_count(); i++) {
		p = supervise_at(i);
		if (strcmp(p->conf->base, base) == 0 && !p->removing)
			supervise_start_program(p);
	}
	free(base);
}

/* Watch on_demand sockets whose program is down; not those of the rest. */
static void
sockets_arm(void)
{
	struct sock *s;
	bool down;
	int i;

	if (supervise_shutting_down())
		return;
	for (i = 0; i < nsocks; i++) {
		s = socks[i];
		down = s->on_demand && sockets_prog_waiting(s->prog);
		if (down && !s->watching) {
			watch_init(&s->w, sockets_demand, s);
			if (watch_add(&s->w, s->fd, EPOLLIN) < 0)
				log_warn("socket %s: epoll", s->spec);
			else
				s->watching = true;
		} else if (!down)
			sockets_unwatch(s);
	}
}

static void
sockets_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	(void)old;
	(void)r;
	if (started && p->conf->on_demand && !p->conf->accept)
		sockets_arm();
}

static void
sockets_started(void)
{
	started = true;
	sockets_arm();
}

static const struct program_observer sockets_program_observer = {
	.environ = sockets_environ,
	.spawning = sockets_spawning,
};

static const struct supervise_observer sockets_supervise_observer = {
	.changed = sockets_changed,
	.started = sockets_started,
};

void
sockets_init(void)
{
	program_observe(&sockets_program_observer);
	supervise_observe(&sockets_supervise_observer);
}
