/*
 * daemonize.c: background psd and keep its pid file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemonize.h"
#include "log.h"
#include "output.h"
#include "signals.h"
#include "sink.h"
#include "util.h"
#include "xmalloc.h"

static int	 ready_fd = -1;
static char	*pidfile;

#ifdef HAVE_ON_EXIT
/* The daemon exits before it is up: hand its status to the parent. */
static void
daemonize_failed(int status, void *arg)
{
	unsigned char c = (unsigned char)(status != 0 ? status : 1);

	(void)arg;
	if (ready_fd >= 0)
		(void)write_all(ready_fd, &c, 1);
}
#endif

void
daemonize_begin(void)
{
	int p[2];
	pid_t pid;
	char c;
	ssize_t n;
	int status;

	if (pipe2(p, O_CLOEXEC) < 0)
		fatal(1, "daemonize: pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		fatal(1, "daemonize: fork");
	if (pid > 0) {
		/* The starting process: wait for the word, then go.  Ctrl-C
		 * ends this wait as it would any command (the daemon runs on). */
		signals_child_reset(false);
		signals_child_mask(false);
		close(p[1]);
		(void)waitpid(pid, &status, 0);	/* the intermediate */
		do
			n = read(p[0], &c, 1);
		while (n < 0 && errno == EINTR);
		/* 0: up; else the daemon's exit status (1 if unknown). */
		_exit(n == 1 ? (unsigned char)c : 1);
	}
	close(p[0]);
	if (setsid() < 0)
		fatal(1, "daemonize: setsid");
	pid = fork();
	if (pid < 0)
		fatal(1, "daemonize: fork");
	if (pid > 0)
		_exit(0);		/* the intermediate: the daemon is orphaned */
	ready_fd = p[1];
	/* Descriptors the caller left open are not the daemon's. */
	close_range_compat((unsigned int)ready_fd + 1, ~0U);
	if (ready_fd > 3)
		close_range_compat(3, (unsigned int)ready_fd - 1);
#ifdef HAVE_ON_EXIT
	on_exit(daemonize_failed, NULL);
#endif
}

/* Would keeping this stdio fd tie the daemon to its caller? */
static bool
daemonize_ties(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return false;
	/* A terminal, or a pipe a caller reads ($(psd -d ...)) to EOF. */
	return isatty(fd) || S_ISFIFO(st.st_mode);
}

void
daemonize_ready(void)
{
	int fd;

	if (ready_fd < 0)
		return;
	/*
	 * A daemon lets go of its caller's terminal and pipes; a log file
	 * it was given (psd -d ... > psd.log) stays.
	 */
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		sink_finish(1000);
		if (dup2(fd, STDIN_FILENO) < 0 ||
		    (daemonize_ties(STDOUT_FILENO) &&
		    dup2(fd, STDOUT_FILENO) < 0) ||
		    (daemonize_ties(STDERR_FILENO) &&
		    dup2(fd, STDERR_FILENO) < 0))
			log_warn("daemonize: stdio to /dev/null");
		close(fd);
		output_stdio_replaced();
	}
	if (write_all(ready_fd, "", 1) < 0)
		log_warn("daemonize: telling the parent");
	close(ready_fd);
	ready_fd = -1;
}

void
daemonize_pidfile(const char *path)
{
	char *tmp, buf[32];
	int fd, n;

	tmp = xasprintf("%s.%d.tmp", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		log_warn("pid file %s", tmp);
		free(tmp);
		return;
	}
	n = snprintf(buf, sizeof buf, "%d\n", (int)getpid());
	if (write_all(fd, buf, (size_t)n) < 0 || close(fd) < 0 ||
	    rename(tmp, path) < 0) {
		log_warn("pid file %s", path);
		unlink(tmp);
		free(tmp);
		return;
	}
	free(tmp);
	free(pidfile);
	pidfile = xstrdup(path);
}

void
daemonize_cleanup(void)
{
	char buf[32];
	ssize_t n;
	int fd;

	if (pidfile == NULL)
		return;
	/* Remove it only if it is still ours. */
	fd = open(pidfile, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			if (atoi(buf) == (int)getpid())
				unlink(pidfile);
		}
	}
	free(pidfile);
	pidfile = NULL;
}
