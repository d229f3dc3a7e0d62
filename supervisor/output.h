/*
 * output.h: programs' stdout and stderr, read by psd through pipes.
 *
 * For `log` and `file:` outputs psd gives the program one end of a pipe
 * (or of a pseudo-terminal with tty = true) and reads the other in its
 * loop.  Whole lines go to psd's stdout or stderr with the program's name
 * in front (logfmt.h), or to the program's file (logfile.h), and into
 * the program's ring for psctl logs (logring.h).  A line longer than
 * OUTPUT_LINE_MAX is cut into pieces, never dropped.
 *
 * Nothing is lost: when a program's main process exits, psd reads its
 * pipes to the end of what was written (and flushes a last line without
 * a newline) before it reports the exit; a pipe that a descendant still
 * holds stays open and read, under the program's name, until its EOF.
 * When psd's own output is congested (sink.h), psd stops reading the
 * pipes that feed it, so programs slow down instead of losing lines.
 */
#ifndef PSD_OUTPUT_H
#define PSD_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logring.h"

#define OUTPUT_LINE_MAX		(32 * 1024)

struct program;
struct progconf;
struct config;
struct ostream;

/*
 * What a program carries for its output (inside struct program).  output
 * never looks inside struct program: it has the name and settings from
 * *conf (the program's current config), and hands owner to observers.
 */
struct program_output {
	struct program		*owner;
	struct progconf *const	*conf;
	struct ostream		*cur[2];	/* this run's stdout, stderr */
	int			 child_fd[2];	/* ends for the child, -1 */
	bool			 pty;		/* cur[0] is a pty master */
	struct logring		 ring;
	int			 color;		/* palette index */
};

/* A whole line a program wrote, as output announces it. */
struct output_line {
	struct program		*p;
	const struct logrec	*rec;		/* in p's ring */
	const char		*text;
	size_t			 len;
	bool			 current;	/* from this run's pipes, not
						   a descendant's old one */
};
typedef void (*output_line_fn)(const struct output_line *l);

/* Call fn for every whole line, in the order registered. */
void	 output_on_line(output_line_fn fn);
/* Tell every output_on_line() function of a line (the read path; tests). */
void	 output_announce(const struct output_line *l);
/*
 * The programs psd carries, in order (their color and name column):
 * at(i, &counts) gives the i-th one's output, and whether its name
 * counts for the column; set by whoever owns the list.
 */
typedef struct program_output *(*output_at_fn)(int i, bool *counts);
void	 output_set_programs(output_at_fn at, int (*count)(void));

/* Set up psd's output (sinks, format) from the config. */
void	 output_init(const struct config *cfg);
/* After a reload: the [psd] log_* settings may have changed. */
void	 output_configure(const struct config *cfg);
/*
 * fds 1 and 2 now lead elsewhere (psd -d): write there from now on, with
 * the settings of the last output_configure().
 */
void	 output_stdio_replaced(void);
/* Compute the name column from the programs psd carries output for. */
void	 output_layout(void);

void	 output_program_init(struct program_output *po, struct program *owner,
	    struct progconf *const *conf);
void	 output_program_free(struct program_output *po);
/*
 * Before a spawn: make the pipes the program's config asks for and put
 * the child's ends in stdio[1], stdio[2]; a stream the caller has already
 * given an fd (>= 0) is left alone.  0, or -1 with a reason (a log file
 * that cannot be opened).
 */
int	 output_prepare(struct program_output *po, int stdio[3], char *err,
	    size_t errlen);
/* After the fork: close the child's ends, start reading ours. */
void	 output_started(struct program_output *po);
/* The fork failed: close both ends. */
void	 output_abort(struct program_output *po);
/* Its main process exited: read what it wrote, to the end. */
void	 output_drain(struct program_output *po);
/* psd is exiting: read every pipe to the end, write everything out. */
void	 output_finish(int64_t timeout_ms);
/*
 * Is psd's output that p's lines go to congested?  psd then holds p's
 * restarts (program.c): each restart would add one more run's pipe to
 * psd's buffer, unbounded.  fn is called when the congestion is over.
 */
bool	 output_congested(const struct program_output *po);
void	 output_on_resume(void (*fn)(void));

/*
 * psctl clear: forget the lines kept for psctl logs and empty the
 * program's file: outputs.  0, or -1 (errno) if a file could not be.
 */
int	 output_clear(struct program_output *po);

/* Lines carried so far (psctl stats). */
uint64_t output_lines(void);
/*
 * Bytes written to psd's stdout/stderr and the programs' log files, and
 * the lines and bytes dropped on the way (psctl stats; sink.c and
 * logfile.c keep the counts).
 */
uint64_t output_bytes(void);
uint64_t output_dropped_lines(void);
uint64_t output_dropped_bytes(void);
/* For a pty: make fd the child's controlling terminal?  (spawn) */
bool	 output_child_ctty(const struct program_output *po);

#endif
