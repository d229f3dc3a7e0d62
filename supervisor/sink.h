/*
 * sink.h: psd's own stdout and stderr, written without ever blocking the
 * loop.
 *
 * Whatever psd writes (program lines in `log` mode, its own messages) is
 * appended to a sink's buffer and written as far as the fd takes it; the
 * rest waits for EPOLLOUT.  psd's stdout may be shared with programs that
 * inherit it, so psd never sets O_NONBLOCK on that shared file: it reopens
 * a pipe or terminal through /proc/self/fd (a private open file), uses
 * send(MSG_DONTWAIT) on a socket, and otherwise writes no more than the fd
 * says it takes (poll, then at most PIPE_BUF bytes).
 *
 * Back-pressure: past SINK_HIGH buffered bytes a sink is congested and
 * psd stops reading the pipes that feed it, so the programs block in
 * write(2) instead of psd losing lines; below SINK_LOW it reads again.
 * psd's own messages are kept up to SINK_HARD, then counted as dropped.
 */
#ifndef PSD_SINK_H
#define PSD_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SINK_OUT, SINK_ERR, SINK__COUNT };

#define SINK_HIGH	(1024 * 1024)
#define SINK_LOW	(256 * 1024)
#define SINK_HARD	(4 * 1024 * 1024)

/* Called when a sink becomes congested (true) or drains (false). */
typedef void (*sink_pressure_fn)(int sink, bool congested);

/* Set up both sinks on fds 1 and 2; merged sends SINK_ERR to SINK_OUT. */
void	 sink_init(bool merged, sink_pressure_fn cb);
/* fds 1 and 2 were replaced (psd -d): open the sinks on them again. */
void	 sink_reopen(void);
/* Route stderr lines into stdout (log_stream = stdout), or not. */
void	 sink_set_merged(bool merged);
/* The sink a stream's lines go to (after merging). */
int	 sink_route(int sink);
/*
 * Room for len bytes at the end of a sink, to be filled by the caller and
 * counted with sink_commit; NULL when the sink drops its output.
 */
char	*sink_space(int sink, size_t len);
void	 sink_commit(int sink, size_t len);
/* Append unless past SINK_HARD (psd's own lines); false if dropped. */
bool	 sink_append_own(int sink, const void *buf, size_t len);
/* Write what the fd takes now; wait for EPOLLOUT for the rest. */
void	 sink_flush(int sink);
bool	 sink_congested(int sink);
bool	 sink_isatty(int sink);
/* Bytes waiting in a sink (psctl stats, tests). */
size_t	 sink_pending(int sink);
/*
 * Since start: bytes written to fds 1 and 2 (program lines with their
 * prefixes, and psd's own messages), and the lines and bytes dropped
 * (a dead or failing fd, no fd at all, psd's own lines past SINK_HARD,
 * what sink_finish could not write in time).
 */
uint64_t sink_bytes_written(void);
uint64_t sink_dropped_lines(void);
uint64_t sink_dropped_bytes(void);
/*
 * At exit: write everything, waiting up to timeout_ms in all for a slow
 * reader; what is left then is dropped (and said so).
 */
void	 sink_finish(int64_t timeout_ms);

#endif
