/*
 * output.c: read programs' output pipes, cut lines, hand them on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "logfile.h"
#include "logfmt.h"
#include "loop.h"
#include "output.h"
#include "sink.h"
#include "util.h"
#include "xmalloc.h"

/* Reads per readable event (fairness), and when draining an exit. */
#define OUTPUT_READS		4
#define OUTPUT_DRAIN_READS	64
/*
 * Batching: a program that flushes every line would wake psd for every
 * few lines.  When a read finds little (< OUTPUT_BATCH_SMALL) soon after
 * the last one (< OUTPUT_BATCH_MS), psd lets the pipe fill for
 * OUTPUT_BATCH_MS before it reads again: many lines per wakeup, a few
 * hundred wakeups a second while output flows, none when it does not.  A
 * lone line is read at once.  A program fast enough to nearly fill its
 * pipe in that time (a read after the wait finds >= OUTPUT_BATCH_FULL)
 * would be held back by the wait: its pipe is made OUTPUT_BIG_PIPE long
 * (only then: a pipe's pages cost memory only when filled, but its slots
 * do at once), or, where that cannot be done, its stream is read as it
 * comes for the next OUTPUT_BATCH_OFF_MS.
 */
#define OUTPUT_BATCH_SMALL	(16 * 1024)
#define OUTPUT_BATCH_FULL	(32 * 1024)
#define OUTPUT_BATCH_MS		1
#define OUTPUT_BATCH_OFF_MS	100
#define OUTPUT_BIG_PIPE		(1024 * 1024)

/* Those who hear of every line (output_on_line). */
static output_line_fn	*line_fns;
static int		 nline_fns;

/* The programs, for the name column (output_set_programs). */
static output_at_fn	 programs_at;
static int		 (*programs_count)(void);

/* The settings output_configure() last applied. */
static bool		 cfg_merged, cfg_timestamps;
static int		 cfg_color;

/* One pipe (or pty master) psd reads for one run of a program. */
struct ostream {
	struct program_output	*po;
	int			 fd;
	struct watch		 w;
	uint8_t			 stream;	/* 1 stdout, 2 stderr */
	enum output_kind	 kind;		/* OUTPUT_LOG or OUTPUT_FILE */
	struct logfile		*file;
	bool			 pty;
	bool			 paused;		/* back-pressure */
	bool			 batching;	/* letting the pipe fill */
	bool			 batched;	/* the last read came after a wait */
	bool			 big_pipe;	/* grown to OUTPUT_BIG_PIPE */
	struct timer		 batch_timer;
	int64_t			 last_read;	/* monotonic us */
	int64_t			 nobatch_until;	/* monotonic us */
	struct logfmt_prefix	 prefix;
	char			*lbuf;		/* a line not yet complete */
	size_t			 llen, lcap;
	bool			 cut;		/* the last piece ended a full
						   buffer, not a line */
	struct ostream		*next, *prev;
};

static struct ostream	*streams;		/* every open one */
static void		(*resume_cb)(void);
static uint64_t		 line_seq;
static char		 rbuf[64 * 1024];

static void	ostream_readable(struct watch *, uint32_t);

/* The sink a stream's lines go to. */
static int
ostream_sink(const struct ostream *s)
{
	return sink_route(s->stream == 2 ? SINK_ERR : SINK_OUT);
}

/* The name of the program a stream is for (its current config's). */
static const char *
ostream_name(const struct ostream *s)
{
	return (*s->po->conf)->name;
}

/* Watch the fd unless back-pressure or batching holds the stream. */
static void
ostream_rewatch(struct ostream *s)
{
	bool want = !s->paused && !s->batching;

	if (want == s->w.active)
		return;
	if (!want)
		watch_del(&s->w);
	else if (watch_add(&s->w, s->fd, EPOLLIN) < 0)
		log_warnx("program %s: cannot watch its output",
		    ostream_name(s));
}

/* Stop or resume reading a stream (back-pressure). */
static void
ostream_pause(struct ostream *s, bool pause)
{
	s->paused = pause;
	ostream_rewatch(s);
}

/* The batching wait is over: read again. */
static void
ostream_batch_done(struct timer *t)
{
	struct ostream *s = t->arg;

	s->batching = false;
	ostream_rewatch(s);
}

/* A sink became congested or drained: pause or resume its streams. */
static void
output_pressure(int sink, bool congested)
{
	struct ostream *s;

	for (s = streams; s != NULL; s = s->next)
		if (s->kind == OUTPUT_LOG && ostream_sink(s) == sink)
			ostream_pause(s, congested);
	if (!congested && resume_cb != NULL)
		resume_cb();
}

bool
output_congested(const struct program_output *po)
{
	const struct progconf *pc = *po->conf;

	if (pc->detach)
		return false;
	return (pc->out.kind == OUTPUT_LOG && sink_congested(SINK_OUT)) ||
	    (pc->err.kind == OUTPUT_LOG && sink_congested(SINK_ERR));
}

void
output_on_resume(void (*fn)(void))
{
	resume_cb = fn;
}

static struct ostream *
ostream_new(struct program_output *po, int fd, int stream, enum output_kind kind,
    struct logfile *file, bool pty)
{
	struct ostream *s = xcalloc(1, sizeof *s);

	s->po = po;
	s->fd = fd;
	s->stream = (uint8_t)stream;
	s->kind = kind;
	s->file = file;
	s->pty = pty;
	watch_init(&s->w, ostream_readable, s);
	timer_init(&s->batch_timer, ostream_batch_done, s);
	ostream_pause(s, kind == OUTPUT_LOG && sink_congested(ostream_sink(s)));
	s->next = streams;
	if (streams != NULL)
		streams->prev = s;
	streams = s;
	return s;
}

/* One whole line: into the ring, to its observers, and on its way. */
static void
ostream_emit(struct ostream *s, const char *text, size_t len, int64_t now)
{
	struct program_output *po = s->po;
	struct logring *r = &po->ring;
	struct output_line l;

	logring_push(r, ++line_seq, now, s->stream, text, len);
	l.p = po->owner;
	l.rec = logring_at(r, r->n - 1);
	l.text = text;
	l.len = len;
	l.current = s == po->cur[0] || s == po->cur[1];
	output_announce(&l);
	if (s->kind == OUTPUT_FILE)
		logfile_write(s->file, text, len);
	else
		logfmt_line(&s->prefix, s->stream == 2 ? SINK_ERR : SINK_OUT,
		    ostream_name(s), po->color, now, text, len);
}

/* Add bytes to the pending line, emitting it whenever it is full. */
static void
ostream_partial(struct ostream *s, const char *data, size_t len, int64_t now)
{
	size_t take;

	while (len > 0) {
		if (s->llen == s->lcap) {
			s->lcap = s->lcap ? s->lcap * 2 : 256;
			if (s->lcap > OUTPUT_LINE_MAX)
				s->lcap = OUTPUT_LINE_MAX;
			s->lbuf = xreallocarray(s->lbuf, s->lcap, 1);
		}
		take = s->lcap - s->llen;
		if (take > len)
			take = len;
		memcpy(s->lbuf + s->llen, data, take);
		s->llen += take;
		data += take;
		len -= take;
		if (s->llen == OUTPUT_LINE_MAX) {
			ostream_emit(s, s->lbuf, s->llen, now);
			s->llen = 0;
			s->cut = true;
		} else
			s->cut = false;
	}
}

/* Cut what was read into lines. */
static void
ostream_feed(struct ostream *s, const char *buf, size_t n, int64_t now)
{
	const char *p = buf, *end = buf + n, *nl;
	size_t len;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			ostream_partial(s, p, (size_t)(end - p), now);
			return;
		}
		len = (size_t)(nl - p);
		if (len == 0 && s->llen == 0 && s->cut) {
			/* the newline of a line already sent in pieces */
			s->cut = false;
			p = nl + 1;
			continue;
		}
		s->cut = false;
		if (s->llen > 0) {
			/* this newline ends the pending line (maybe just cut) */
			ostream_partial(s, p, len, now);
			if (s->llen > 0)
				ostream_emit(s, s->lbuf, s->llen, now);
			s->llen = 0;
			s->cut = false;
		} else {
			while (len > OUTPUT_LINE_MAX) {
				ostream_emit(s, p, OUTPUT_LINE_MAX, now);
				p += OUTPUT_LINE_MAX;
				len -= OUTPUT_LINE_MAX;
			}
			ostream_emit(s, p, len, now);
		}
		p = nl + 1;
	}
}

/* Emit what is left of a line without its newline. */
static void
ostream_flush_partial(struct ostream *s)
{
	if (s->llen > 0)
		ostream_emit(s, s->lbuf, s->llen, wallclock_ms());
	s->llen = 0;
}

static void
ostream_free(void *arg)
{
	struct ostream *s = arg;

	free(s->lbuf);
	free(s);
}

/* The end of a stream: last partial line out, fd closed, unlinked. */
static void
ostream_close(struct ostream *s)
{
	struct program_output *po = s->po;

	ostream_flush_partial(s);
	watch_del(&s->w);
	timer_cancel(&s->batch_timer);
	close(s->fd);
	s->fd = -1;
	if (s->file != NULL) {
		logfile_flush_all();
		logfile_close(s->file);
		s->file = NULL;
	}
	if (po->cur[0] == s)
		po->cur[0] = NULL;
	if (po->cur[1] == s)
		po->cur[1] = NULL;
	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		streams = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	loop_defer_free(s, ostream_free);
}

/*
 * Read up to max chunks; write out what they held.  Returns true at the
 * end of the stream (closed then); *got is the number of bytes read.
 */
static bool
ostream_read(struct ostream *s, int max, size_t *got)
{
	int64_t now = wallclock_ms();
	bool eof = false;
	ssize_t n;
	int i;

	*got = 0;
	for (i = 0; i < max; i++) {
		n = read(s->fd, rbuf, sizeof rbuf);
		if (n > 0) {
			ostream_feed(s, rbuf, (size_t)n, now);
			*got += (size_t)n;
			/* A short read emptied a pipe: epoll says when more
			 * comes (a drain reads on, to EAGAIN or EOF). */
			if ((size_t)n < sizeof rbuf && !s->pty &&
			    max < OUTPUT_DRAIN_READS)
				break;
			continue;
		}
		if (n < 0 && errno == EINTR) {
			i--;
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0 && !(errno == EIO && s->pty))
			log_warn("program %s: reading its output",
			    ostream_name(s));
		eof = true;		/* EOF; a pty says EIO */
		break;
	}
	/* written out once per loop pass (output_idle) */
	if (eof)
		ostream_close(s);
	return eof;
}

static void
ostream_readable(struct watch *w, uint32_t revents)
{
	struct ostream *s = w->arg;
	int64_t now = clock_us(), last = s->last_read;
	size_t got;

	(void)revents;
	if (ostream_read(s, OUTPUT_READS, &got))
		return;
	s->last_read = now;
	if (s->batched && got >= OUTPUT_BATCH_FULL && !s->big_pipe) {
		if (!s->pty && fcntl(s->fd, F_SETPIPE_SZ, OUTPUT_BIG_PIPE) >= 0)
			s->big_pipe = true;
		else
			s->nobatch_until = now + OUTPUT_BATCH_OFF_MS * 1000;
	}
	s->batched = false;
	if (got < OUTPUT_BATCH_SMALL && now - last < OUTPUT_BATCH_MS * 1000 &&
	    now >= s->nobatch_until) {
		s->batching = true;
		s->batched = true;
		ostream_rewatch(s);
		timer_set(&s->batch_timer, loop_now() + OUTPUT_BATCH_MS);
	}
}

/* A pseudo-terminal for tty = true: the master is ours, non-blocking. */
static int
output_pty(int *master, int *slave, char *err, size_t errlen)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	struct termios t;
	char name[128];
	int m, s;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 ||
	    ptsname_r(m, name, sizeof name) != 0) {
		snprintf(err, errlen, "tty: cannot open a pseudo-terminal: %s",
		    strerror(errno));
		if (m >= 0)
			close(m);
		return -1;
	}
	s = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0) {
		snprintf(err, errlen, "tty: open %s: %s", name, strerror(errno));
		close(m);
		return -1;
	}
	/* Output as written (no \r added), nothing echoed back. */
	if (tcgetattr(s, &t) == 0) {
		t.c_oflag &= ~(tcflag_t)ONLCR;
		t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		(void)tcsetattr(s, TCSANOW, &t);
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col == 0)
		ws.ws_col = 80;
	(void)ioctl(m, TIOCSWINSZ, &ws);
	(void)fd_set_nonblock(m, true);
	*master = m;
	*slave = s;
	return 0;
}

/* Open a detached program's log file for it to write itself. */
static int
output_direct_file(const char *path, int *fd, char *err, size_t errlen)
{
	*fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
	    0644);
	if (*fd < 0) {
		snprintf(err, errlen, "open log file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* A run's stream that outlives its main process: read it to its EOF. */
static void
ostream_linger(struct ostream *s)
{
	struct program_output *po = s->po;

	ostream_flush_partial(s);
	if (po->cur[0] == s)
		po->cur[0] = NULL;
	if (po->cur[1] == s)
		po->cur[1] = NULL;
}

int
output_prepare(struct program_output *po, int stdio[3], char *err,
    size_t errlen)
{
	const struct progconf *pc = *po->conf;
	const struct output_conf *oc;
	struct logfile *file;
	int i, fds[2];

	po->pty = false;
	for (i = 0; i < 2; i++) {
		oc = i == 0 ? &pc->out : &pc->err;
		if (po->cur[i] != NULL)
			ostream_linger(po->cur[i]);
		if (oc->kind != OUTPUT_LOG && oc->kind != OUTPUT_FILE)
			continue;
		if (stdio[i + 1] >= 0)	/* the caller's (a connection) */
			continue;
		if (pc->detach) {
			/* it outlives psd: the file itself, not a pipe */
			if (output_direct_file(oc->path, &fds[1], err,
			    errlen) < 0)
				goto fail;
			po->child_fd[i] = stdio[i + 1] = fds[1];
			continue;
		}
		if (i == 1 && po->pty && oc->kind == OUTPUT_LOG) {
			stdio[2] = po->child_fd[0];	/* the same terminal */
			continue;
		}
		file = NULL;
		if (oc->kind == OUTPUT_FILE && (file = logfile_open(oc->path,
		    pc->log_max_size, pc->log_backups, err, errlen)) == NULL)
			goto fail;
		po->pty = i == 0 && pc->tty;
		if (po->pty ? output_pty(&fds[0], &fds[1], err, errlen) < 0 :
		    pipe2(fds, O_CLOEXEC) < 0) {
			i = errno;
			if (!po->pty)
				snprintf(err, errlen, "pipe: %s", strerror(i));
			logfile_close(file);
			errno = i;
			goto fail;
		}
		if (!po->pty)
			(void)fd_set_nonblock(fds[0], true);
		po->cur[i] = ostream_new(po, fds[0], i + 1, oc->kind, file,
		    po->pty);
		po->child_fd[i] = fds[1];
		stdio[i + 1] = fds[1];
	}
	return 0;
fail:
	i = errno;		/* for the caller: EMFILE is worth a retry */
	output_abort(po);
	errno = i;
	return -1;
}

uint64_t
output_lines(void)
{
	return line_seq;
}

uint64_t
output_bytes(void)
{
	return sink_bytes_written() + logfile_bytes_written();
}

uint64_t
output_dropped_lines(void)
{
	return sink_dropped_lines() + logfile_dropped_lines();
}

uint64_t
output_dropped_bytes(void)
{
	return sink_dropped_bytes() + logfile_dropped_bytes();
}

bool
output_child_ctty(const struct program_output *po)
{
	return po->pty && po->cur[0] != NULL;
}

void
output_started(struct program_output *po)
{
	int i;

	for (i = 0; i < 2; i++)
		if (po->child_fd[i] >= 0) {
			close(po->child_fd[i]);
			po->child_fd[i] = -1;
		}
}

void
output_abort(struct program_output *po)
{
	int i;

	output_started(po);
	for (i = 0; i < 2; i++)
		if (po->cur[i] != NULL)
			ostream_close(po->cur[i]);
	po->pty = false;
}

void
output_drain(struct program_output *po)
{
	struct ostream *s;
	size_t got;
	int i;

	for (i = 0; i < 2; i++) {
		s = po->cur[i];
		if (s != NULL && !ostream_read(s, OUTPUT_DRAIN_READS, &got))
			ostream_linger(s);
	}
}

void
output_program_init(struct program_output *po, struct program *owner,
    struct progconf *const *conf)
{
	po->owner = owner;
	po->conf = conf;
	po->child_fd[0] = po->child_fd[1] = -1;
	logring_init(&po->ring, LOGRING_LINES, LOGRING_BYTES);
}

void
output_program_free(struct program_output *po)
{
	struct ostream *s, *next;
	size_t got;

	output_started(po);
	for (s = streams; s != NULL; s = next) {
		next = s->next;
		if (s->po == po && !ostream_read(s, OUTPUT_DRAIN_READS, &got))
			ostream_close(s);
	}
	logring_free(&po->ring);
}

int
output_clear(struct program_output *po)
{
	const struct output_conf *o = &(*po->conf)->out, *e = &(*po->conf)->err;
	int r = 0;

	logring_free(&po->ring);
	logring_init(&po->ring, LOGRING_LINES, LOGRING_BYTES);
	if (o->kind == OUTPUT_FILE && logfile_truncate(o->path) < 0)
		r = -1;
	if (e->kind == OUTPUT_FILE && (o->kind != OUTPUT_FILE ||
	    strcmp(o->path, e->path) != 0) && logfile_truncate(e->path) < 0)
		r = -1;
	return r;
}

/* Before the loop waits: write out what this pass produced. */
static void
output_idle(void)
{
	logfile_flush_all();
	sink_flush(SINK_OUT);
	sink_flush(SINK_ERR);
}

/* Flush what psd still holds if it exits another way (fatal). */
static void
output_atexit(void)
{
	sink_finish(1000);
}

void
output_on_line(output_line_fn fn)
{
	line_fns = xreallocarray(line_fns, (size_t)nline_fns + 1,
	    sizeof *line_fns);
	line_fns[nline_fns++] = fn;
}

void
output_announce(const struct output_line *l)
{
	int i;

	for (i = 0; i < nline_fns; i++)
		line_fns[i](l);
}

void
output_set_programs(output_at_fn at, int (*count)(void))
{
	programs_at = at;
	programs_count = count;
}

/* Apply the [psd] log_* settings remembered by output_configure(). */
static void
output_apply(void)
{
	sink_set_merged(cfg_merged);
	logfmt_configure(cfg_timestamps, cfg_color);
	output_layout();
}

void
output_configure(const struct config *cfg)
{
	cfg_merged = cfg->log_stream_merged;
	cfg_timestamps = cfg->log_timestamps;
	cfg_color = cfg->log_color;
	output_apply();
}

void
output_stdio_replaced(void)
{
	sink_reopen();
	output_apply();
}

void
output_init(const struct config *cfg)
{
	sink_init(cfg->log_stream_merged, output_pressure);
	output_configure(cfg);
	log_set_sink(logfmt_psd_message);
	loop_on_idle(output_idle);
	atexit(output_atexit);
}

void
output_layout(void)
{
	const struct progconf *pc;
	struct program_output *po;
	int i, n, w = 0, len;
	bool counts;

	n = programs_count != NULL ? programs_count() : 0;
	for (i = 0; i < n; i++) {
		po = programs_at(i, &counts);
		pc = *po->conf;
		po->color = i;
		if (!counts || pc->detach || (pc->out.kind != OUTPUT_LOG &&
		    pc->err.kind != OUTPUT_LOG))
			continue;
		len = (int)strlen(pc->name);
		if (len > w)
			w = len;
	}
	if (w > 0 && w < (int)strlen(log_ident()))
		w = (int)strlen(log_ident());
	logfmt_set_width(w > 40 ? 40 : w);
}

void
output_finish(int64_t timeout_ms)
{
	struct ostream *s, *next;
	size_t got;

	for (s = streams; s != NULL; s = next) {
		next = s->next;
		if (!ostream_read(s, OUTPUT_DRAIN_READS, &got))
			ostream_close(s);
	}
	logfile_flush_all();
	sink_finish(timeout_ms);
	log_set_sink(NULL);
}
