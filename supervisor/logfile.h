/*
 * logfile.h: `stdout = file:PATH` outputs, rotated by psd itself.
 *
 * One open file per path, shared (counted) by every stream that writes
 * there, so two programs logging to one file do not rotate it under each
 * other.  Lines are buffered and written at the end of each read batch.
 * With log_max_size set, a line that would take the file past it first
 * rotates: PATH.N-1 -> PATH.N ... PATH -> PATH.1, keeping log_backups
 * old files (0: the file is emptied instead).  SIGUSR1 reopens every file
 * for external rotation (logrotate's "create" method).
 */
#ifndef PSD_LOGFILE_H
#define PSD_LOGFILE_H

#include <stddef.h>
#include <stdint.h>

struct logfile;

/* Open (or share) path.  NULL with a reason in err on failure. */
struct logfile	*logfile_open(const char *path, int64_t max_size, int backups,
		    char *err, size_t errlen);
void		 logfile_close(struct logfile *f);
/* Append text and a newline. */
void		 logfile_write(struct logfile *f, const char *text, size_t len);
/* Write out every file's buffer. */
void		 logfile_flush_all(void);
/* SIGUSR1: reopen every file by its path. */
void		 logfile_reopen_all(void);
/* Empty the file at path (psctl clear): buffered text is dropped too. */
int		 logfile_truncate(const char *path);
/*
 * Since start: bytes written to the files, and the lines and bytes lost
 * when a write failed (or the file could not be reopened).  What psctl
 * clear empties on purpose is not counted as dropped.
 */
uint64_t	 logfile_bytes_written(void);
uint64_t	 logfile_dropped_lines(void);
uint64_t	 logfile_dropped_bytes(void);

#endif
