/*
 * control_sock.c: the control socket's file: probed before it is
 * replaced, created under a tight umask with its mode and group, and
 * removed at exit only if it is still the one psd made.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control_sock.h"
#include "log.h"
#include "xmalloc.h"

static char		*sock_path;
static dev_t		 sock_dev;
static ino_t		 sock_ino;

/* Is something already listening at path?  Probe before replacing it. */
static int
control_probe(const struct sockaddr_un *sa, char *err, size_t errlen)
{
	struct stat st;
	int fd, r;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	r = connect(fd, (const struct sockaddr *)sa, sizeof *sa);
	close(fd);
	if (r == 0) {
		snprintf(err, errlen, "another psd is running on %s"
		    " (use --socket or PSD_SOCKET for a second one)",
		    sa->sun_path);
		return -1;
	}
	if (errno == ECONNREFUSED) {
		/* connect() says this of a plain file too: never remove one. */
		if (lstat(sa->sun_path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
			snprintf(err, errlen, "%s exists and is not a socket;"
			    " psd will not replace it", sa->sun_path);
			return -1;
		}
		log_debug("control: replacing stale socket %s", sa->sun_path);
		if (unlink(sa->sun_path) < 0 && errno != ENOENT) {
			snprintf(err, errlen, "cannot remove stale socket %s: %s",
			    sa->sun_path, strerror(errno));
			return -1;
		}
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", sa->sun_path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Make the socket file and listen on it. */
int
control_sock_open(const struct control_opts *o, char *err, size_t errlen)
{
	struct sockaddr_un sa;
	struct stat st;
	mode_t old;
	int lfd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(o->path) >= sizeof sa.sun_path) {
		snprintf(err, errlen, "control socket path %s is longer than"
		    " the %zu bytes allowed", o->path, sizeof sa.sun_path - 1);
		return -1;
	}
	strcpy(sa.sun_path, o->path);
	if (control_probe(&sa, err, errlen) < 0)
		return -1;
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (lfd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	old = umask(0177);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		umask(old);
		snprintf(err, errlen, "cannot create control socket %s: %s",
		    o->path, strerror(errno));
		goto fail;
	}
	umask(old);
	if ((o->has_group && chown(o->path, (uid_t)-1, o->gid) < 0) ||
	    chmod(o->path, o->readonly_all ? 0666 : o->mode) < 0 ||
	    stat(o->path, &st) < 0) {
		snprintf(err, errlen, "control socket %s: %s", o->path,
		    strerror(errno));
		unlink(o->path);
		goto fail;
	}
	if (listen(lfd, 64) < 0) {
		snprintf(err, errlen, "listen %s: %s", o->path, strerror(errno));
		unlink(o->path);
		goto fail;
	}
	sock_dev = st.st_dev;
	sock_ino = st.st_ino;
	sock_path = xstrdup(o->path);
	return lfd;

fail:
	close(lfd);
	return -1;
}

/* Remove the socket file if it is still ours. */
void
control_sock_remove(void)
{
	struct stat st;

	if (sock_path == NULL)
		return;
	if (stat(sock_path, &st) == 0 && st.st_dev == sock_dev &&
	    st.st_ino == sock_ino)
		unlink(sock_path);
	free(sock_path);
	sock_path = NULL;
}
