/*
 * notify.c: receive sd_notify datagrams, check who sent them, pass them on.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "notify.h"
#include "notify_msg.h"
#include "procfs.h"
#include "program.h"
#include "roster.h"

/* Datagrams read per wakeup: a flood cannot starve the rest of psd. */
#define NOTIFY_BATCH		64
/* Parent links followed from a sender towards a program's main pid. */
#define NOTIFY_MAX_DEPTH	64
/* Descriptors one datagram may carry (the kernel's SCM_MAX_FD). */
#define NOTIFY_MAX_FDS		253

static int		 notify_fd = -1;
static struct watch	 notify_watch;
#define NOTIFY_NAME_MAX	sizeof(((struct sockaddr_un *)0)->sun_path)
static char		 notify_name[NOTIFY_NAME_MAX + 1];	/* "@..." */
static bool		 notify_failed;
static notify_receive_fn receiver;	/* notify_on_message() */

static void	notify_readable(struct watch *, uint32_t);

/* Open the socket: abstract, autobound, credentials on every datagram. */
static int
notify_open(void)
{
	struct sockaddr_un sa;
	socklen_t len;
	int fd, one = 1;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		log_warn("notify socket: socket");
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0) {
		log_warn("notify socket: setsockopt SO_PASSCRED");
		goto fail;
	}
	/* An address of the family alone: the kernel picks a unique name. */
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa.sun_family) < 0) {
		log_warn("notify socket: bind (autobind)");
		goto fail;
	}
	len = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		log_warn("notify socket: getsockname");
		goto fail;
	}
	len -= (socklen_t)offsetof(struct sockaddr_un, sun_path);
	if (len < 2 || sa.sun_path[0] != '\0' ||
	    len >= sizeof notify_name) {
		log_warnx("notify socket: unexpected autobind name");
		goto fail;
	}
	notify_name[0] = '@';
	memcpy(notify_name + 1, sa.sun_path + 1, len - 1);
	notify_name[len] = '\0';
	watch_init(&notify_watch, notify_readable, NULL);
	if (watch_add(&notify_watch, fd, EPOLLIN) < 0)
		goto fail;
	notify_fd = fd;
	log_debug("notify socket: %s", notify_name);
	return 0;
fail:
	close(fd);
	return -1;
}

/* Open the socket on first use; its NOTIFY_SOCKET value. */
const char *
notify_socket_name(void)
{
	if (notify_fd < 0 && !notify_failed && notify_open() < 0)
		notify_failed = true;	/* said once; programs run without */
	return notify_fd >= 0 ? notify_name : NULL;
}

/* Close the socket at exit. */
void
notify_close(void)
{
	if (notify_fd < 0)
		return;
	watch_del(&notify_watch);
	close(notify_fd);
	notify_fd = -1;
}

/* The active program whose main pid is pid, if any. */
static struct program *
notify_by_pid(pid_t pid)
{
	struct program *p;
	int i;

	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (p->pid == pid && pstate_active(program_state(p)))
			return p;
	}
	return NULL;
}

/* Find the program a sender belongs to, by parents, then session. */
struct program *
notify_owner(pid_t pid)
{
	struct proc_stat st;
	struct program *p;
	pid_t cur = pid, session = 0, self = getpid();
	int depth, i;

	if (pid <= 0 || pid == self)
		return NULL;
	for (depth = 0; depth < NOTIFY_MAX_DEPTH && cur > 0; depth++) {
		if ((p = notify_by_pid(cur)) != NULL)
			return p;
		if (procfs_stat(cur, &st) < 0)
			break;
		if (depth == 0)
			session = st.session;
		if (st.ppid == self || st.ppid <= 1)
			break;
		cur = st.ppid;
	}
	/*
	 * Reparented to psd (a daemon that forked away): a session id names
	 * the process that made it, so the current run's session is proof.
	 */
	for (i = 0; session > 1 && i < roster_count(); i++) {
		p = roster_at(i);
		if (p->sessions[0] == session &&
		    pstate_active(program_state(p)) &&
		    program_state(p) != PS_BACKOFF)
			return p;
	}
	return NULL;
}

/* Close every descriptor a datagram passed (a barrier's pipe, mostly). */
static int
notify_close_fds(struct msghdr *mh, struct ucred **cred)
{
	struct cmsghdr *c;
	int nfds = 0, *fds;
	size_t i, n;

	*cred = NULL;
	for (c = CMSG_FIRSTHDR(mh); c != NULL; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SCM_RIGHTS) {
			fds = (int *)(void *)CMSG_DATA(c);
			n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (i = 0; i < n; i++)
				close(fds[i]);
			nfds += (int)n;
		} else if (c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct ucred)))
			*cred = (struct ucred *)(void *)CMSG_DATA(c);
	}
	return nfds;
}

/* Attribute one datagram to a program and hand it to readiness.c. */
static void
notify_dispatch(const char *buf, size_t len, const struct ucred *cred,
    bool truncated)
{
	struct notify_msg m;
	struct program *p;
	const char *why;

	if (cred == NULL || cred->pid <= 0) {
		log_debug("notify: dropped a datagram without the sender's"
		    " pid");
		return;
	}
	p = notify_owner(cred->pid);
	if (p == NULL) {
		log_debug("notify: dropped a datagram from pid %d: not a"
		    " process of any program", (int)cred->pid);
		return;
	}
	if (p->conf->ready != READY_NOTIFY) {
		log_debug("program %s: dropped a notify datagram from pid %d:"
		    " the program is not ready = notify", program_name(p),
		    (int)cred->pid);
		return;
	}
	if (truncated) {
		log_debug("program %s: dropped a notify datagram from pid %d:"
		    " larger than %d bytes", program_name(p), (int)cred->pid,
		    NOTIFY_MSG_MAX);
		return;
	}
	if (notify_msg_parse(buf, len, &m, &why) < 0) {
		log_debug("program %s: dropped a notify datagram from pid %d:"
		    " %s", program_name(p), (int)cred->pid, why);
		return;
	}
	if (m.nbad > 0)
		log_debug("program %s: notify from pid %d: %d malformed"
		    " line%s skipped", program_name(p), (int)cred->pid, m.nbad,
		    m.nbad == 1 ? "" : "s");
	if (receiver != NULL)
		receiver(p, &m, cred->pid);
}

void
notify_on_message(notify_receive_fn fn)
{
	receiver = fn;
}

/* Read what is there, a bounded batch at a time. */
static void
notify_readable(struct watch *w, uint32_t revents)
{
	char buf[NOTIFY_MSG_MAX + 1];
	union {
		struct cmsghdr	 align;
		char		 b[CMSG_SPACE(sizeof(struct ucred)) +
				    CMSG_SPACE(sizeof(int) * NOTIFY_MAX_FDS)];
	} ctl;
	struct iovec iov;
	struct msghdr mh;
	struct ucred *cred;
	ssize_t n;
	int i, nfds;

	(void)w;
	(void)revents;
	for (i = 0; i < NOTIFY_BATCH; i++) {
		iov.iov_base = buf;
		iov.iov_len = sizeof buf;
		memset(&mh, 0, sizeof mh);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.b;
		mh.msg_controllen = sizeof ctl.b;
		/* MSG_TRUNC: the datagram's real length, to refuse it whole */
		n = recvmsg(notify_fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC |
		    MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("notify socket: recvmsg");
			return;
		}
		nfds = notify_close_fds(&mh, &cred);
		if (nfds > 0)
			log_trace("notify: closed %d passed descriptor%s", nfds,
			    nfds == 1 ? "" : "s");
		notify_dispatch(buf, (size_t)n > sizeof buf ? sizeof buf :
		    (size_t)n, cred, (size_t)n > NOTIFY_MSG_MAX);
	}
}

/* Handle the datagrams queued now (before a reap pass). */
void
notify_flush(void)
{
	if (notify_fd >= 0)
		notify_readable(&notify_watch, EPOLLIN);
}
