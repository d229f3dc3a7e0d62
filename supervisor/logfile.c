/*
 * logfile.c: shared, buffered, size-rotated log files.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "logfile.h"
#include "xmalloc.h"

#define LOGFILE_BUF	(64 * 1024)

struct logfile {
	char		*path;
	int		 fd;
	int64_t		 size;		/* file size, buffered bytes included */
	int64_t		 max_size;	/* 0: never rotate */
	int		 backups;
	int		 refs;
	char		*buf;
	size_t		 len;
	bool		 dirty;		/* on the dirty list */
	bool		 failing;	/* the last write failed (logged) */
	struct logfile	*next;
};

static struct logfile	 *files;
static struct logfile	**dirty;
static size_t		  ndirty, capdirty;
/* For psctl stats: bytes that reached the files, and what was lost. */
static uint64_t		  bytes_written;
static uint64_t		  dropped_lines, dropped_bytes;

/* Count len bytes as dropped: its lines are its newlines. */
static void
count_drop(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	dropped_bytes += len;
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		dropped_lines++;
		p++;
	}
}

uint64_t
logfile_bytes_written(void)
{
	return bytes_written;
}

uint64_t
logfile_dropped_lines(void)
{
	return dropped_lines;
}

uint64_t
logfile_dropped_bytes(void)
{
	return dropped_bytes;
}

/*
 * open(2) the path for appending; the file's size in *size.  Only a
 * regular file: psd writes to it from its loop, and a FIFO or a device
 * could block it (O_NONBLOCK keeps open() itself from waiting).
 */
static int
logfile_sysopen(const char *path, int64_t *size)
{
	struct stat st;
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK, 0644);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	*size = (int64_t)st.st_size;
	return fd;
}

struct logfile *
logfile_open(const char *path, int64_t max_size, int backups, char *err,
    size_t errlen)
{
	struct logfile *f;
	int64_t size;
	int fd;

	for (f = files; f != NULL; f = f->next)
		if (strcmp(f->path, path) == 0) {
			/* programs sharing a file: the most generous settings */
			f->refs++;
			if (f->max_size == 0 || (max_size > 0 &&
			    max_size > f->max_size))
				f->max_size = max_size > 0 ? max_size :
				    f->max_size;
			if (backups > f->backups)
				f->backups = backups;
			return f;
		}
	if ((fd = logfile_sysopen(path, &size)) < 0) {
		if (errno == EINVAL)
			snprintf(err, errlen, "log file %s is not a regular"
			    " file", path);
		else
			snprintf(err, errlen, "open log file %s: %s", path,
			    strerror(errno));
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	f->fd = fd;
	f->size = size;
	f->max_size = max_size;
	f->backups = backups;
	f->refs = 1;
	f->next = files;
	files = f;
	return f;
}

/* Write the buffer out; a failure is logged once, until writes work again. */
static void
logfile_flush(struct logfile *f)
{
	size_t off = 0;
	ssize_t n;

	while (off < f->len && f->fd >= 0) {
		n = write(f->fd, f->buf + off, f->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!f->failing)
				log_warn("log file %s: write", f->path);
			f->failing = true;
			f->size -= (int64_t)(f->len - off);
			break;
		}
		off += (size_t)n;
		bytes_written += (uint64_t)n;
		f->failing = false;
	}
	if (off < f->len)
		count_drop(f->buf + off, f->len - off);
	f->len = 0;
}

void
logfile_flush_all(void)
{
	size_t i;

	for (i = 0; i < ndirty; i++) {
		logfile_flush(dirty[i]);
		dirty[i]->dirty = false;
	}
	ndirty = 0;
}

/* Close and open the path again (after a rename, or for SIGUSR1). */
static void
logfile_reopen(struct logfile *f)
{
	int64_t size;
	int fd;

	fd = logfile_sysopen(f->path, &size);
	if (fd < 0) {
		log_warn("log file %s: reopen", f->path);
		return;			/* keep writing to the old one */
	}
	if (f->fd >= 0)
		close(f->fd);
	f->fd = fd;
	f->size = size;
}

/* Shift PATH.N-1 -> PATH.N ... PATH -> PATH.1 and start a new PATH. */
static void
logfile_rotate(struct logfile *f)
{
	size_t len = strlen(f->path) + 16;
	char *from = xmalloc(len), *to = xmalloc(len);
	int i;

	logfile_flush(f);
	if (f->backups == 0) {
		if (ftruncate(f->fd, 0) < 0)
			log_warn("log file %s: truncate", f->path);
		else
			f->size = 0;
		goto out;
	}
	for (i = f->backups - 1; i >= 1; i--) {
		snprintf(from, len, "%s.%d", f->path, i);
		snprintf(to, len, "%s.%d", f->path, i + 1);
		if (rename(from, to) < 0 && errno != ENOENT)
			log_warn("log file %s: rename to %s", from, to);
	}
	snprintf(to, len, "%s.1", f->path);
	if (rename(f->path, to) < 0) {
		log_warn("log file %s: rename to %s", f->path, to);
		f->size = 0;	/* try again after another log_max_size */
	} else
		logfile_reopen(f);
out:
	free(from);
	free(to);
}

void
logfile_write(struct logfile *f, const char *text, size_t len)
{
	if (f->max_size > 0 && f->size > 0 &&
	    f->size + (int64_t)len + 1 > f->max_size)
		logfile_rotate(f);
	if (f->len + len + 1 > LOGFILE_BUF && f->len > 0)
		logfile_flush(f);
	if (len + 1 > LOGFILE_BUF) {
		/* a line longer than the buffer: straight out */
		logfile_flush(f);
		f->buf = xreallocarray(f->buf, len + 1, 1);
	} else if (f->buf == NULL)
		f->buf = xmalloc(LOGFILE_BUF);
	memcpy(f->buf + f->len, text, len);
	f->buf[f->len + len] = '\n';
	f->len += len + 1;
	f->size += (int64_t)len + 1;
	if (!f->dirty) {
		if (ndirty == capdirty) {
			capdirty = capdirty ? capdirty * 2 : 16;
			dirty = xreallocarray(dirty, capdirty, sizeof *dirty);
		}
		dirty[ndirty++] = f;
		f->dirty = true;
	}
}

void
logfile_reopen_all(void)
{
	struct logfile *f;

	logfile_flush_all();
	for (f = files; f != NULL; f = f->next)
		logfile_reopen(f);
	log_info("reopened the log files");
}

int
logfile_truncate(const char *path)
{
	struct logfile *f;

	for (f = files; f != NULL; f = f->next)
		if (strcmp(f->path, path) == 0)
			break;
	if (f == NULL)
		return truncate(path, 0) < 0 && errno != ENOENT ? -1 : 0;
	f->len = 0;
	if (ftruncate(f->fd, 0) < 0)
		return -1;
	f->size = 0;
	return 0;
}

void
logfile_close(struct logfile *f)
{
	struct logfile **pp;
	size_t i;

	if (f == NULL || --f->refs > 0)
		return;
	logfile_flush(f);
	for (i = 0; i < ndirty; i++)
		if (dirty[i] == f) {
			dirty[i] = dirty[--ndirty];
			break;
		}
	for (pp = &files; *pp != NULL; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	if (f->fd >= 0)
		close(f->fd);
	free(f->path);
	free(f->buf);
	free(f);
}
