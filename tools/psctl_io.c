/*
 * psctl_io.c: requests, replies, errors, and the aligned table.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "psctl.h"
#include "util.h"
#include "xmalloc.h"

int
psctl_send(struct psctl *ps, struct proto_buf *req)
{
	char err[512];

	if (client_connect(&ps->cl, ps->socket, ps->timeout < 0 ?
	    10000 : ps->timeout, err, sizeof err) < 0) {
		psctl_err("%s", err);
		proto_buf_free(req);
		/* The kernel refused us the socket: refused, not unreachable. */
		if (ps->cl.error == EACCES || ps->cl.error == EPERM) {
			psctl_err_word(PROTO_E_DENIED);
			return PSCTL_FAILED;
		}
		psctl_err_word("unreachable");
		return PSCTL_UNREACHABLE;
	}
	ps->connected = true;
	/*
	 * psd may have answered and closed already (a refused peer): then
	 * the send fails, and its answer is still there to be read.
	 */
	if (client_send(&ps->cl, req, err, sizeof err) < 0)
		snprintf(ps->send_err, sizeof ps->send_err, "%s", err);
	proto_buf_free(req);
	return PSCTL_OK;
}

void
psctl_request(struct proto_buf *b, uint16_t type, char **names, int nnames,
    int64_t flags)
{
	int i;

	proto_begin(b, type);
	for (i = 0; i < nnames; i++)
		proto_put_str(b, K_NAME, names[i]);
	if (flags != 0)
		proto_put_int(b, K_FLAGS, flags);
	proto_end(b);
}

int
psctl_post(struct psctl *ps, uint16_t type, char **names, int nnames,
    int64_t flags)
{
	struct proto_buf req = { 0 };

	psctl_request(&req, type, names, nnames, flags);
	return psctl_send(ps, &req);
}

int
psctl_ask(struct psctl *ps, uint16_t type, char **names, int nnames,
    int64_t flags, struct proto_msg *m)
{
	int r;

	if ((r = psctl_post(ps, type, names, nnames, flags)) != PSCTL_OK)
		return r;
	return (r = psctl_recv(ps, m, false)) == 1 ? PSCTL_OK : -r;
}

int
psctl_error_reply(struct psctl *ps, const struct proto_msg *m)
{
	const char *code = proto_str(m, K_ERROR), *msg = proto_str(m, K_MESSAGE);
	const char *text;
	struct json j;
	int i = 0, status = PSCTL_FAILED;

	ps->error_reply = true;
	if (code != NULL && (strcmp(code, PROTO_E_NO_PROGRAM) == 0 ||
	    strcmp(code, PROTO_E_NO_POOL) == 0 ||
	    strcmp(code, PROTO_E_NO_JOB) == 0))
		status = PSCTL_NO_PROGRAM;
	else if (code != NULL && strcmp(code, PROTO_E_POOL_CLOSED) == 0)
		status = PSCTL_POOL_CLOSED;
	else if (code != NULL && strcmp(code, PROTO_E_QUEUE_FULL) == 0)
		status = PSCTL_QUEUE_FULL;
	else if (code != NULL && strcmp(code, PROTO_E_BAD_REQUEST) == 0)
		status = PSCTL_USAGE;
	psctl_err("%s", msg != NULL ? msg : "psd reported an error");
	while ((text = proto_next_str(m, K_TEXT, &i)) != NULL)
		fprintf(stderr, "  %s\n", text);
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_str(&j, "error", code != NULL ? code : PROTO_E_FAILED);
		json_str(&j, "message", msg != NULL ? msg :
		    "psd reported an error");
		json_str(&j, "name", proto_str(m, K_NAME));
		json_begin_arr(&j, "details");
		for (i = 0; (text = proto_next_str(m, K_TEXT, &i)) != NULL; )
			json_str(&j, NULL, text);
		json_end_arr(&j);
		json_end_obj(&j);
		json_finish(&j);
	}
	return status;
}

int
psctl_recv(struct psctl *ps, struct proto_msg *m, bool long_wait)
{
	char err[512];
	const char *v;
	uint32_t proto;
	int64_t deadline;
	int r;

	if (long_wait)
		deadline = ps->timeout_given ? clock_ms() + ps->timeout : -1;
	else
		deadline = ps->timeout < 0 ? -1 : clock_ms() + ps->timeout;
	r = client_recv(&ps->cl, m, deadline, err, sizeof err);
	if (r <= 0 && ps->send_err[0] != '\0') {
		psctl_err("%s", ps->send_err);
		psctl_err_word("unreachable");
		return -PSCTL_UNREACHABLE;
	}
	if (r < 0 && ps->cl.timed_out && long_wait) {
		psctl_err("timed out after %s waiting for the programs (psctl"
		    " status shows where they are)", psctl_duration(ps->timeout,
		    err, sizeof err));
		psctl_err_word("timeout");
		return -PSCTL_FAILED;
	}
	if (r < 0) {
		psctl_err("%s", err);
		psctl_err_word(ps->cl.timed_out ? "timeout" : "protocol");
		return -PSCTL_FAILED;
	}
	if (r == 0) {
		psctl_err("psd closed the connection without an answer");
		psctl_err_word("protocol");
		return -PSCTL_FAILED;
	}
	if (m->hdr.type == MSG_VERSION) {
		if (proto_decode_version(ps->cl.payload, m->hdr.length, &proto,
		    &v) < 0)
			v = "?", proto = 0;
		psctl_err("psd %s speaks protocol %u, this psctl %d: use the"
		    " psctl that came with that psd", v, proto, PROTO_VERSION);
		psctl_err_word("version");
		return -PSCTL_FAILED;
	}
	if (m->hdr.type == MSG_ERROR)
		return -psctl_error_reply(ps, m);
	return 1;
}

/* The last error line and its word, for the --json error document. */
static char		 last_err[1024];
static const char	*last_word;

/* One line to stderr, kept for the --json error document. */
void
psctl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_err, sizeof last_err, fmt, ap);
	va_end(ap);
	fprintf(stderr, "psctl: %s\n", last_err);
}

/* Name the kind of failure being reported. */
void
psctl_err_word(const char *word)
{
	last_word = word;
}

/* With --json and no document out yet: the error document. */
void
psctl_json_failure(struct psctl *ps, int status)
{
	static const char *const words[] = { NULL, PROTO_E_FAILED, "usage",
	    "not-running", PROTO_E_NO_PROGRAM, "unreachable",
	    PROTO_E_POOL_CLOSED, PROTO_E_QUEUE_FULL };
	struct json j;

	if (!ps->json || status == PSCTL_OK || json_written())
		return;
	json_init(&j, stdout);
	json_begin_obj(&j, NULL);
	json_str(&j, "error", last_word != NULL ? last_word :
	    status > 0 && status < (int)nitems(words) ? words[status] :
	    PROTO_E_FAILED);
	json_str(&j, "message", last_err);
	json_null(&j, "name");
	json_begin_arr(&j, "details");
	json_end_arr(&j);
	json_end_obj(&j);
	json_finish(&j);
}

/* A duration as psctl takes it: "1500ms", "2s", "3m". */
const char *
psctl_duration(int64_t ms, char *buf, size_t len)
{
	if (ms % 60000 == 0 && ms > 0)
		snprintf(buf, len, "%lldm", (long long)(ms / 60000));
	else if (ms % 1000 == 0)
		snprintf(buf, len, "%llds", (long long)(ms / 1000));
	else
		snprintf(buf, len, "%lldms", (long long)ms);
	return buf;
}

const char *
psctl_uptime(int64_t ms, char *buf, size_t len)
{
	int64_t s = ms / 1000;

	if (ms <= 0)
		snprintf(buf, len, "-");
	else if (s < 60)
		snprintf(buf, len, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm%02llds", (long long)(s / 60),
		    (long long)(s % 60));
	else if (s < 86400)
		snprintf(buf, len, "%lldh%02lldm", (long long)(s / 3600),
		    (long long)(s % 3600 / 60));
	else
		snprintf(buf, len, "%lldd%02lldh", (long long)(s / 86400),
		    (long long)(s % 86400 / 3600));
	return buf;
}

const char *
psctl_state_color(const char *state)
{
	if (strcmp(state, "RUNNING") == 0 || strcmp(state, "READY") == 0 ||
	    strcmp(state, "LISTENING") == 0)
		return "\033[32m";
	if (strcmp(state, "FATAL") == 0 || strcmp(state, "Z") == 0)
		return "\033[1;31m";
	if (strcmp(state, "BACKOFF") == 0 || strcmp(state, "STARTING") == 0 ||
	    strcmp(state, "STOPPING") == 0 || strcmp(state, "D") == 0 ||
	    strcmp(state, "T") == 0)
		return "\033[33m";
	if (strcmp(state, "EXITED") == 0 || strcmp(state, "STOPPED") == 0)
		return "\033[2m";
	return "";
}

/* The table being built: rows of cells, printed with aligned columns. */
static char	**cells;
static int	  ncols, nrows;

void
psctl_table_add(const char *const *row, int n)
{
	int i;

	if (ncols == 0)
		ncols = n;
	cells = xreallocarray(cells, (size_t)(nrows + 1) * (size_t)ncols,
	    sizeof *cells);
	for (i = 0; i < ncols; i++)
		cells[nrows * ncols + i] = xstrdup(i < n && row[i] ? row[i] : "");
	nrows++;
}

void
psctl_table_print(struct psctl *ps, int state_col)
{
	int *w, r, c, len, last;
	const char *cell, *col;

	w = xcalloc((size_t)ncols + 1, sizeof *w);
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++) {
			len = (int)strlen(cells[r * ncols + c]);
			if (len > w[c])
				w[c] = len;
		}
	for (r = 0; r < nrows; r++) {
		/* No padding after the last cell that has text. */
		for (last = ncols - 1; last > 0; last--)
			if (cells[r * ncols + last][0] != '\0')
				break;
		for (c = 0; c < ncols; c++) {
			cell = cells[r * ncols + c];
			col = r > 0 && c == state_col && ps->color ?
			    psctl_state_color(cell) : "";
			if (r == 0 && ps->color)
				col = "\033[1m";
			if (c == last)
				printf("%s%s%s", col, cell, *col ? "\033[0m" : "");
			else if (c < last)
				printf("%s%-*s%s  ", col, w[c], cell,
				    *col ? "\033[0m" : "");
			free(cells[r * ncols + c]);
		}
		printf("\n");
	}
	free(cells);
	free(w);
	cells = NULL;
	ncols = nrows = 0;
}
