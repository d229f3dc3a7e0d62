/*
 * http_serve.c: psd-http's endpoints.
 *
 * GET and HEAD only (405 otherwise), a body of more than HTTP_MAX_BODY
 * bytes gets 413, an unknown path 404.  libmicrohttpd parses HTTP and
 * bounds headers and idle clients (psd-http.c sets the limits).  Requests
 * are answered one at a time (a mutex): psd is asked one question at a
 * time by psd-http, however many clients come.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "http_gzip.h"
#include "util.h"

#define HTTP_MAX_BODY	4096

#define CT_TEXT		"text/plain; charset=utf-8"
#define CT_JSON		"application/json"
#define CT_PROM		"text/plain; version=0.0.4; charset=utf-8"
#define CT_OM		"application/openmetrics-text; version=1.0.0; charset=utf-8"

/* What one connection's request has sent so far. */
struct sreq {
	size_t		 body;
};

static pthread_mutex_t serve_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * The last /metrics answer of each format, reused for hconf.cache ms.
 * One response serves every connection (libmicrohttpd counts its users),
 * so a crowd of scrapers costs no copies.
 */
static struct {
	struct MHD_Response	*resp;
	struct MHD_Response	*gz;	/* made at the first gzip request */
	char			*text;	/* resp's body, for gz */
	size_t			 len;
	int64_t			 at;
} cached[2];

/* A response that takes over buf (malloc'ed); NULL if out of memory. */
static struct MHD_Response *
serve_response(unsigned int code, const char *type, char *buf, size_t len)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(buf);
		return NULL;
	}
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) ==
	    MHD_NO || MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "no-store") == MHD_NO || (code == MHD_HTTP_METHOD_NOT_ALLOWED &&
	    MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD") ==
	    MHD_NO)) {
		MHD_destroy_response(r);
		return NULL;
	}
	return r;
}

/* Queue a response made of buf (taken over). */
static enum MHD_Result
serve_send(struct MHD_Connection *conn, unsigned int code, const char *type,
    char *buf, size_t len)
{
	struct MHD_Response *r = serve_response(code, type, buf, len);
	enum MHD_Result ret;

	if (r == NULL)
		return MHD_NO;
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

/* A one-line text answer. */
static enum MHD_Result __attribute__((format(printf, 3, 4)))
serve_text(struct MHD_Connection *conn, unsigned int code, const char *fmt,
    ...)
{
	va_list ap;
	char *buf;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return MHD_NO;
	return serve_send(conn, code, CT_TEXT, buf, (size_t)n);
}

static enum MHD_Result
serve_healthz(const struct hconf *hc, struct MHD_Connection *conn)
{
	char err[512];

	if (hpsd_ping(hc, err, sizeof err) != HPSD_OK)
		return serve_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "psd is not answering: %s\n", err);
	return serve_text(conn, MHD_HTTP_OK, "ok\n");
}

static enum MHD_Result
serve_readyz(const struct hconf *hc, struct MHD_Connection *conn)
{
	char why[512];
	bool ready;

	if (hpsd_ready(hc, &ready, why, sizeof why) != HPSD_OK)
		return serve_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "psd is not answering: %s\n", why);
	if (!ready)
		return serve_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "not ready: %s\n", why);
	return serve_text(conn, MHD_HTTP_OK, "ready\n");
}

/* /readyz/NAME: every program NAME selects (its instances) is ready. */
static enum MHD_Result
serve_readyz_one(const struct hconf *hc, struct MHD_Connection *conn,
    const char *name)
{
	struct hprog *v;
	char why[512];
	size_t n, i;
	int r;

	r = hpsd_status(hc, name, &v, &n, why, sizeof why);
	if (r == HPSD_NO_PROGRAM)
		return serve_text(conn, MHD_HTTP_NOT_FOUND, "%s\n", why);
	if (r != HPSD_OK)
		return serve_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "psd is not answering: %s\n", why);
	for (i = 0; i < n; i++)
		if (!hpsd_prog_ready(&v[i], why, sizeof why))
			break;
	hpsd_progs_free(v, n);
	if (i < n)
		return serve_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "not ready: %s\n", why);
	return serve_text(conn, MHD_HTTP_OK, "ready\n");
}

static enum MHD_Result
serve_status(const struct hconf *hc, struct MHD_Connection *conn)
{
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return MHD_NO;
	r = hpsd_status_json(hc, f, err, sizeof err);
	fclose(f);
	if (r != HPSD_OK) {
		free(buf);
		return serve_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "psd is not answering: %s\n", err);
	}
	return serve_send(conn, MHD_HTTP_OK, CT_JSON, buf, len);
}

/* Does the scraper ask for OpenMetrics? */
static bool
serve_wants_om(struct MHD_Connection *conn)
{
	const char *acc = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT);

	return acc != NULL && strstr(acc, "application/openmetrics-text") !=
	    NULL;
}

/* Drop the cached answers of one format. */
static void
serve_forget(int om)
{
	if (cached[om].resp != NULL)
		MHD_destroy_response(cached[om].resp);
	if (cached[om].gz != NULL)
		MHD_destroy_response(cached[om].gz);
	free(cached[om].text);
	memset(&cached[om], 0, sizeof cached[om]);
}

/* The cached answer gzip-encoded (once per answer); -1: serve it plain. */
static int
serve_gzip(int om)
{
	struct MHD_Response *r;
	char *gz;
	size_t len;

	if (cached[om].gz != NULL)
		return 0;
	if (http_gzip(cached[om].text, cached[om].len, &gz, &len) < 0)
		return -1;
	if ((r = serve_response(MHD_HTTP_OK, om ? CT_OM : CT_PROM, gz,
	    len)) == NULL)
		return -1;
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING,
	    "gzip") == MHD_NO || MHD_add_response_header(r,
	    MHD_HTTP_HEADER_VARY, "Accept-Encoding") == MHD_NO) {
		MHD_destroy_response(r);
		return -1;
	}
	cached[om].gz = r;
	return 0;
}

static enum MHD_Result
serve_metrics(const struct hconf *hc, struct MHD_Connection *conn)
{
	struct MHD_Response *r;
	struct hsnap snap;
	bool have_snap;
	struct hstats st;
	struct hprog *v = NULL;
	struct hrows rows[METRICS_NLISTS] = { { NULL, 0 } };
	char err[512], *buf = NULL, *text;
	size_t n = 0, len = 0;
	bool om = serve_wants_om(conn), up;
	int64_t now = clock_ms();
	FILE *f;

	if (cached[om].resp == NULL || now - cached[om].at >= hc->cache) {
		have_snap = hproc_snapshot(&snap) == 0;
		up = hpsd_stats(hc, &st, have_snap ? &snap : NULL, err,
		    sizeof err) == HPSD_OK &&
		    hpsd_status(hc, NULL, &v, &n, err, sizeof err) == HPSD_OK;
		if (up)
			metrics_lists(hc, rows);
		f = open_memstream(&buf, &len);
		if (f != NULL) {
			metrics_write(f, om, up, &st, v, n, have_snap ? &snap :
			    NULL, rows);
			fclose(f);
		}
		metrics_lists_free(rows);
		hpsd_progs_free(v, n);
		hproc_snap_free(&snap);
		if (f == NULL || (text = malloc(len + 1)) == NULL) {
			free(buf);
			return MHD_NO;
		}
		memcpy(text, buf, len + 1);
		if ((r = serve_response(MHD_HTTP_OK, om ? CT_OM : CT_PROM,
		    buf, len)) == NULL || MHD_add_response_header(r,
		    MHD_HTTP_HEADER_VARY, "Accept-Encoding") == MHD_NO) {
			if (r != NULL)
				MHD_destroy_response(r);
			free(text);
			return MHD_NO;
		}
		serve_forget(om);
		cached[om].resp = r;
		cached[om].text = text;
		cached[om].len = len;
		cached[om].at = now;
	}
	if (http_accepts_gzip(MHD_lookup_connection_value(conn,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING)) &&
	    serve_gzip(om) == 0)
		return MHD_queue_response(conn, MHD_HTTP_OK, cached[om].gz);
	return MHD_queue_response(conn, MHD_HTTP_OK, cached[om].resp);
}

/* Does the request announce a body over the limit (answered at once)? */
static bool
serve_body_too_big(struct MHD_Connection *conn)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (cl == NULL)
		return false;
	errno = 0;
	n = strtoull(cl, &end, 10);
	return errno != 0 || *end != '\0' || n > HTTP_MAX_BODY;
}

static enum MHD_Result
serve_route(const struct hconf *hc, struct MHD_Connection *conn,
    const char *url)
{
	if (strcmp(url, "/healthz") == 0)
		return serve_healthz(hc, conn);
	if (strcmp(url, "/readyz") == 0)
		return serve_readyz(hc, conn);
	if (strncmp(url, "/readyz/", 8) == 0 && url[8] != '\0' &&
	    strchr(url + 8, '/') == NULL)
		return serve_readyz_one(hc, conn, url + 8);
	if (strcmp(url, "/status") == 0)
		return serve_status(hc, conn);
	if (strcmp(url, "/metrics") == 0)
		return serve_metrics(hc, conn);
	return serve_text(conn, MHD_HTTP_NOT_FOUND, "not found: psd-http"
	    " serves /healthz, /readyz, /readyz/NAME, /status, /metrics\n");
}

enum MHD_Result
serve_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	const struct hconf *hc = cls;
	struct sreq *rq = *state;
	enum MHD_Result r;

	(void)version;
	(void)upload;
	if (rq == NULL) {
		if ((rq = calloc(1, sizeof *rq)) == NULL)
			return MHD_NO;
		*state = rq;
		if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
		    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
			return serve_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "method %s not allowed: use GET or HEAD\n",
			    method);
		if (serve_body_too_big(conn))
			return serve_text(conn, MHD_HTTP_CONTENT_TOO_LARGE,
			    "request body too large: at most %d bytes\n",
			    HTTP_MAX_BODY);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		/* a body of unannounced size: drop the client past the limit */
		rq->body += *upload_size;
		*upload_size = 0;
		return rq->body > HTTP_MAX_BODY ? MHD_NO : MHD_YES;
	}
	if (pthread_mutex_lock(&serve_lock) != 0)
		return MHD_NO;
	r = serve_route(hc, conn, url);
	pthread_mutex_unlock(&serve_lock);
	return r;
}

void
serve_completed(void *cls, struct MHD_Connection *conn, void **state,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	free(*state);
	*state = NULL;
}

void
serve_free(void)
{
	size_t i;

	for (i = 0; i < nitems(cached); i++)
		serve_forget((int)i);
}
