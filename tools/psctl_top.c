/*
 * psctl_top.c: psctl top [--once] [-d DURATION] [--ascii]: the live view.
 *
 * Programs with their state, pid, uptime, restarts, last exit, readiness,
 * CPU and RSS; process trees on demand with each process's kernel state;
 * zombies always shown, highlighted, until reaped; a bottom pane of the
 * events psd pushes (an EVENTS follower on a second connection).  STATUS,
 * STATS and TREE are asked again every interval and at once after an
 * event (at most every 200 ms).  Every key sends the request the plain
 * verb sends.  ncurses draws it; --once prints one frame as text.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#ifdef HAVE_NCURSES
#include <curses.h>
#endif

#include "duration.h"
#include "psctl.h"
#include "psctl_top.h"
#include "signame.h"
#include "util.h"
#include "xmalloc.h"

#define TOP_ROWS_MAX	512
#define TOP_EVENT_GAP	200	/* ms between fetches an event asks for */

struct top {
	struct psctl	*ps;
	struct client	 req;		/* STATUS, STATS, TREE, actions */
	struct client	 ev;		/* the EVENTS (or LOGS) follower */
	struct top_data	 d;
	struct top_view	 v;
	int64_t		 interval;
	char		 log_of[128];	/* the pane follows this log, "" */
	char		 pane[160];
};

static int
top_connect(struct top *t, struct client *c, char *err, size_t errlen)
{
	return client_connect(c, t->ps->socket, t->ps->timeout < 0 ? 10000 :
	    t->ps->timeout, err, errlen);
}

/* (Re)subscribe the bottom pane: events, or one program's log. */
static int
top_subscribe(struct top *t, char *err, size_t errlen)
{
	struct proto_buf req = { 0 };
	int r;

	client_close(&t->ev);
	if (top_connect(t, &t->ev, err, errlen) < 0)
		return -1;
	if (t->log_of[0] != '\0') {
		proto_begin(&req, MSG_LOGS);
		proto_put_str(&req, K_NAME, t->log_of);
		proto_put_int(&req, K_LINES, 50);
		snprintf(t->pane, sizeof t->pane, "log of %s (l: back to"
		    " events)", t->log_of);
	} else {
		proto_begin(&req, MSG_EVENTS);
		/* what happened in the last minute, then live */
		proto_put_int(&req, K_SINCE_MS, wallclock_ms() - 60000);
		snprintf(t->pane, sizeof t->pane, "events");
	}
	proto_put_int(&req, K_FLAGS, PROTO_FLAG_FOLLOW);
	proto_end(&req);
	t->v.pane_title = t->pane;
	r = client_send(&t->ev, &req, err, errlen);
	proto_buf_free(&req);
	return r;
}

/* Read what the follower has; true if anything came. */
static bool
top_drain(struct top *t, bool *lost)
{
	struct proto_msg m;
	char line[TOP_LINE_MAX], err[256];
	const char *name, *text;
	bool got = false;
	int r;

	*lost = false;
	for (;;) {
		r = client_recv(&t->ev, &m, clock_ms(), err, sizeof err);
		if (r != 1) {
			if (r == 0 || !t->ev.timed_out)
				*lost = true;
			return got;
		}
		got = true;
		if (m.hdr.type == MSG_EVENT) {
			psctl_event_line(&m, false, line, sizeof line);
			top_add_event(&t->d, line);
		} else if (m.hdr.type == MSG_LOG) {
			name = proto_str(&m, K_NAME);
			text = proto_str(&m, K_TEXT);
			snprintf(line, sizeof line, "%s | %s", name ? name : "?",
			    text ? text : "");
			top_add_event(&t->d, line);
		} else if (m.hdr.type == MSG_ERROR) {
			snprintf(line, sizeof line, "psd: %s",
			    proto_str(&m, K_MESSAGE) ? proto_str(&m, K_MESSAGE)
			    : "error");
			top_add_event(&t->d, line);
		} else if (m.hdr.type == MSG_BYE) {
			top_add_event(&t->d, "psd shut down");
			*lost = true;
			return true;
		}
	}
}

/* Print one frame as text (--once, or no ncurses). */
static int
top_print_once(struct top *t)
{
	struct top_line *f = xcalloc(TOP_ROWS_MAX, sizeof *f);
	char err[512];
	int n, i, rows = 40, cols = 100;
	struct winsize ws;
	bool lost;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) {
		rows = ws.ws_row;
		cols = ws.ws_col;
	}
	if (top_connect(t, &t->req, err, sizeof err) < 0 ||
	    top_fetch(&t->d, &t->req, err, sizeof err) < 0) {
		psctl_err("top: %s", err);
		free(f);
		return PSCTL_UNREACHABLE;
	}
	/* the events psd still keeps from the last minute, and half a
	 * second for a second sample (CPU % needs two) */
	if (top_subscribe(t, err, sizeof err) == 0) {
		int64_t until = clock_ms() + 500;

		while (clock_ms() < until) {
			struct pollfd pfd = { t->ev.fd, POLLIN, 0 };

			if (poll(&pfd, 1, 50) > 0) {
				(void)top_drain(t, &lost);
				if (lost)
					break;
			}
		}
	}
	if (top_fetch(&t->d, &t->req, err, sizeof err) < 0) {
		psctl_err("top: %s", err);
		free(f);
		return PSCTL_UNREACHABLE;
	}
	n = top_render(&t->d, &t->v, cols, rows > TOP_ROWS_MAX ? TOP_ROWS_MAX :
	    rows, f);
	while (n > 0 && f[n - 1].text[0] == '\0')
		n--;
	for (i = 0; i < n; i++) {
		/* one blank line for the padding above the pane */
		if (i > 0 && f[i].text[0] == '\0' && f[i - 1].text[0] == '\0')
			continue;
		printf("%s\n", f[i].text);
	}
	free(f);
	return PSCTL_OK;
}

#ifdef HAVE_NCURSES
static void
top_colors(void)
{
	if (!has_colors())
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_GREEN, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_RED, -1);
	init_pair(4, COLOR_WHITE, COLOR_RED);
	init_pair(5, COLOR_CYAN, -1);
}

static attr_t
top_curses_attr(enum top_attr a)
{
	bool c = has_colors();

	switch (a) {
	case TA_HEADER:		return A_BOLD;
	case TA_TITLE:		return A_REVERSE;
	case TA_SELECTED:	return A_BOLD | (c ? COLOR_PAIR(5) : A_UNDERLINE);
	case TA_ZOMBIE:		return A_BOLD | (c ? COLOR_PAIR(4) : A_REVERSE);
	case TA_DIM:		return A_DIM;
	case TA_GOOD:		return c ? COLOR_PAIR(1) : A_NORMAL;
	case TA_WARN:		return c ? COLOR_PAIR(2) : A_BOLD;
	case TA_BAD:		return A_BOLD | (c ? COLOR_PAIR(3) : A_REVERSE);
	default:		return A_NORMAL;
	}
}

/* Bytes of s that fill at most cols columns (a UTF-8 sequence is one). */
static int
top_cut(const char *s, int cols)
{
	int i = 0, col = 0;

	while (s[i] != '\0' && col < cols) {
		i++;
		while ((s[i] & 0xc0) == 0x80)
			i++;
		col++;
	}
	return i;
}

static void
top_draw(struct top *t)
{
	struct top_line *f = xcalloc(TOP_ROWS_MAX, sizeof *f);
	int rows = LINES > TOP_ROWS_MAX ? TOP_ROWS_MAX : LINES, n, i, len;

	erase();
	n = top_render(&t->d, &t->v, COLS, rows, f);
	for (i = 0; i < n; i++) {
		len = top_cut(f[i].text, COLS);
		attrset(top_curses_attr(f[i].attr));
		mvaddnstr(i, 0, f[i].text, len);
		if (f[i].attr == TA_TITLE)
			clrtoeol();
		if (f[i].hl_len > 0 && f[i].hl_start < len) {
			attrset(top_curses_attr(f[i].hl_attr) |
			    (f[i].attr == TA_SELECTED ? A_BOLD : 0));
			mvaddnstr(i, f[i].hl_start, f[i].text + f[i].hl_start,
			    f[i].hl_start + f[i].hl_len > len ?
			    len - f[i].hl_start : f[i].hl_len);
		}
	}
	attrset(A_NORMAL);
	refresh();
	free(f);
}

/* Ask a question on the last line; the answer into buf. */
static void
top_prompt(const char *q, char *buf, size_t len)
{
	move(LINES - 1, 0);
	clrtoeol();
	attrset(A_REVERSE);
	addstr(q);
	attrset(A_NORMAL);
	echo();
	curs_set(1);
	timeout(-1);
	if (getnstr(buf, (int)len - 1) == ERR)
		buf[0] = '\0';
	noecho();
	curs_set(0);
}

/* The request a plain verb sends, for the selected program. */
static void
top_action(struct top *t, uint16_t type, const char *verb, int sig)
{
	struct proto_buf req = { 0 };
	struct proto_msg m;
	char err[256];
	const char *name;
	int idx[4096], n, r;

	n = top_visible(&t->d, &t->v, idx, (int)nitems(idx));
	if (t->v.selected >= n)
		return;
	name = t->d.progs[idx[t->v.selected]].name;
	proto_begin(&req, type);
	if (sig > 0)
		proto_put_int(&req, K_SIGNAL, sig);
	proto_put_str(&req, K_NAME, name);
	proto_end(&req);
	r = client_send(&t->req, &req, err, sizeof err);
	proto_buf_free(&req);
	if (r < 0) {
		snprintf(t->v.message, sizeof t->v.message, "%s %.60s: %.150s",
		    verb, name, err);
		return;
	}
	snprintf(t->v.message, sizeof t->v.message, "%s %.60s: sent", verb,
		    name);
	while ((r = client_recv(&t->req, &m, clock_ms() + 5000, err,
	    sizeof err)) == 1 && m.hdr.type != MSG_END) {
		if (m.hdr.type == MSG_ERROR) {
			snprintf(t->v.message, sizeof t->v.message, "%s %.60s:"
			    " %.150s", verb, name, proto_str(&m, K_MESSAGE) ?
			    proto_str(&m, K_MESSAGE) : "refused");
			break;
		}
		if (m.hdr.type == MSG_RESULT)
			snprintf(t->v.message, sizeof t->v.message, "%s %.60s:"
			    " %.100s (%.20s)", verb, name,
			    proto_str(&m, K_MESSAGE) ? proto_str(&m, K_MESSAGE) :
			    "ok", proto_str(&m, K_STATE) ? proto_str(&m, K_STATE) :
			    "?");
	}
}

static void
top_signal(struct top *t)
{
	char buf[32];
	int sig;

	top_prompt("signal to send (TERM, HUP, KILL, USR1, 9...): ", buf,
	    sizeof buf);
	if (buf[0] == '\0')
		return;
	if ((sig = sig_parse(buf, 0)) <= 0) {
		snprintf(t->v.message, sizeof t->v.message, "unknown signal"
		    " \"%s\"", buf);
		return;
	}
	top_action(t, MSG_SIGNAL, "signal", sig);
}

/* One key; false to quit. */
static bool
top_key(struct top *t, int ch, bool *fetch)
{
	int idx[4096], n;
	char err[256];

	n = top_visible(&t->d, &t->v, idx, (int)nitems(idx));
	if (t->v.help) {
		t->v.help = false;
		return true;
	}
	switch (ch) {
	case 'q':
		return false;
	case KEY_UP:
	case 'k':
		if (t->v.selected > 0)
			t->v.selected--;
		break;
	case KEY_DOWN:
	case 'j':
		if (t->v.selected + 1 < n)
			t->v.selected++;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (t->v.selected < n)
			top_toggle(&t->d, t->d.progs[idx[t->v.selected]].name);
		*fetch = true;
		break;
	case 's':
		top_action(t, MSG_STOP, "stop", 0);
		*fetch = true;
		break;
	case 'S':
		top_action(t, MSG_START, "start", 0);
		*fetch = true;
		break;
	case 'r':
		top_action(t, MSG_RESTART, "restart", 0);
		*fetch = true;
		break;
	case 'K':
		top_signal(t);
		*fetch = true;
		break;
	case 'l':
		if (t->log_of[0] != '\0')
			t->log_of[0] = '\0';
		else if (t->v.selected < n)
			snprintf(t->log_of, sizeof t->log_of, "%s",
			    t->d.progs[idx[t->v.selected]].name);
		if (top_subscribe(t, err, sizeof err) < 0)
			snprintf(t->v.message, sizeof t->v.message, "%s", err);
		break;
	case '/':
		top_prompt("show programs whose name contains: ",
		    t->v.filter, sizeof t->v.filter);
		t->v.selected = 0;
		break;
	case '?':
		t->v.help = true;
		break;
	case KEY_RESIZE:
		break;
	default:
		break;
	}
	return true;
}

static int
top_run(struct top *t)
{
	struct pollfd pfd[2];
	int64_t next = 0, now;
	char err[512] = "";
	bool fetch, lost, run = true;
	int ch, r, wait;

	if (top_connect(t, &t->req, err, sizeof err) < 0 ||
	    top_subscribe(t, err, sizeof err) < 0) {
		psctl_err("top: %s", err);
		return PSCTL_UNREACHABLE;
	}
	setlocale(LC_ALL, "");
	if (initscr() == NULL) {
		psctl_err("top: cannot use this terminal (TERM=%s)",
		    getenv("TERM") ? getenv("TERM") : "");
		return PSCTL_FAILED;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	top_colors();
	while (run) {
		now = clock_ms();
		if (now >= next) {
			if (top_fetch(&t->d, &t->req, err, sizeof err) < 0)
				break;
			top_draw(t);
			next = now + t->interval;
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = t->ev.fd;
		pfd[1].events = POLLIN;
		wait = (int)(next - clock_ms());
		r = poll(pfd, 2, wait > 0 ? wait : 0);
		if (r < 0 && errno != EINTR) {
			snprintf(err, sizeof err, "poll: %s", strerror(errno));
			break;
		}
		fetch = false;
		if (r > 0 && (pfd[1].revents & (POLLIN | POLLHUP))) {
			if (top_drain(t, &lost))
				fetch = true;
			if (lost) {
				snprintf(err, sizeof err, "psd closed the"
				    " connection");
				break;
			}
		}
		timeout(0);
		while ((ch = getch()) != ERR) {
			if (!(run = top_key(t, ch, &fetch)))
				break;
			timeout(0);
		}
		if (fetch && next > clock_ms() + TOP_EVENT_GAP)
			next = clock_ms() + TOP_EVENT_GAP;
		top_draw(t);
	}
	endwin();
	if (run) {
		psctl_err("top: %s", err);
		return PSCTL_UNREACHABLE;
	}
	return PSCTL_OK;
}
#endif

int
verb_top(struct psctl *ps, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "once",	no_argument,		NULL, 'o' },
		{ "delay",	required_argument,	NULL, 'd' },
		{ "ascii",	no_argument,		NULL, 'a' },
		{ NULL,		0,			NULL, 0 },
	};
	struct top t;
	const char *lang;
	bool once = false;
	int c, r;

	memset(&t, 0, sizeof t);
	t.ps = ps;
	t.interval = 1000;
	t.req.fd = t.ev.fd = -1;
	lang = getenv("LC_ALL");
	if (lang == NULL || *lang == '\0')
		lang = getenv("LC_CTYPE");
	if (lang == NULL || *lang == '\0')
		lang = getenv("LANG");
	t.v.ascii = lang == NULL || (strstr(lang, "UTF-8") == NULL &&
	    strstr(lang, "utf8") == NULL && strstr(lang, "UTF8") == NULL &&
	    strstr(lang, "utf-8") == NULL);
	optind = 1;
	while ((c = getopt_long(argc, argv, "+od:a", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			once = true;
			break;
		case 'd':
			if (duration_parse(optarg, &t.interval) < 0 ||
			    t.interval < 100) {
				psctl_err("top: -d %s: expected a duration of"
				    " at least 100ms, like 1s", optarg);
				return PSCTL_USAGE;
			}
			break;
		case 'a':
			t.v.ascii = true;
			break;
		default:
			psctl_err("top: unknown option %s; usage: psctl top"
			    " [--once] [-d DURATION] [--ascii]",
			    argv[optind - 1]);
			return PSCTL_USAGE;
		}
	}
	if (optind < argc) {
		psctl_err("top: unexpected argument \"%s\"", argv[optind]);
		return PSCTL_USAGE;
	}
	if (once)
		r = top_print_once(&t);
#ifdef HAVE_NCURSES
	else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		psctl_err("top: needs a terminal; psctl top --once prints one"
		    " frame as text");
		r = PSCTL_USAGE;
	} else
		r = top_run(&t);
#else
	else {
		psctl_err("top: this psctl was built without ncurses"
		    " (libncurses-dev); psctl top --once still prints a frame");
		r = PSCTL_FAILED;
	}
#endif
	client_close(&t.req);
	client_close(&t.ev);
	top_data_free(&t.d);
	return r;
}
