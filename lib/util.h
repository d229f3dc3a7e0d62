/*
 * util.h: small system helpers shared by psd, psctl and the tests.
 */
#ifndef PSD_UTIL_H
#define PSD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* Monotonic clock in milliseconds (and microseconds). */
int64_t clock_ms(void);
int64_t clock_us(void);
/* Wall clock in milliseconds since the epoch. */
int64_t wallclock_ms(void);

int fd_set_nonblock(int fd, bool on);
int fd_set_cloexec(int fd, bool on);

/* Write everything, retrying on EINTR and short writes (blocking fds). */
int write_all(int fd, const void *buf, size_t len);

/* Parse a whole decimal integer in [lo, hi]; 0 on success. */
int parse_long(const char *s, long lo, long hi, long *out);

/* Close fds lo..hi; async-signal-safe (for a child before exec). */
void close_range_compat(unsigned int lo, unsigned int hi);

/* pidfd_open(2) and pidfd_send_signal(2), -1/ENOSYS where missing. */
int pidfd_open_compat(pid_t pid);
int pidfd_signal_compat(int pidfd, int sig);

/* Describe a wait status: "exit 3", "signal TERM", "signal SEGV (core)". */
const char *wait_status_str(int status, char *buf, size_t len);
/* Exit code a shell would report for a wait status (128+N for signals). */
int wait_status_code(int status);

#endif
