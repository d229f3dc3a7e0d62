/*
 * json.c: JSON output with correct string escaping.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* The one document being built (psctl prints one per call). */
static FILE	*doc;
static char	*doc_buf;
static size_t	 doc_len;
static bool	 written;

/* Drop the document being built, if any. */
void
json_discard(void)
{
	if (doc != NULL)
		fclose(doc);
	free(doc_buf);
	doc = NULL;
	doc_buf = NULL;
	doc_len = 0;
}

/* Has a whole document been written out? */
bool
json_written(void)
{
	return written;
}

/* Begin a document for out (in memory until json_finish). */
void
json_init(struct json *j, FILE *out)
{
	json_discard();
	memset(j, 0, sizeof *j);
	j->dest = out;
	doc = open_memstream(&doc_buf, &doc_len);
	j->out = doc != NULL ? doc : out;
	j->first[0] = true;
}

/* Length of the valid UTF-8 sequence at p, or 0 if it is not one. */
static int
json_utf8_len(const unsigned char *p)
{
	int n, i;
	unsigned int cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* Write a JSON string literal. */
static void
json_quote(struct json *j, const char *s)
{
	const unsigned char *p;
	int n;

	fputc('"', j->out);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", j->out);
			break;
		case '\\':
			fputs("\\\\", j->out);
			break;
		case '\n':
			fputs("\\n", j->out);
			break;
		case '\r':
			fputs("\\r", j->out);
			break;
		case '\t':
			fputs("\\t", j->out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(j->out, "\\u%04x", *p);
			else if ((n = json_utf8_len(p)) == 0)
				fputs("\\ufffd", j->out);
			else {
				fwrite(p, 1, (size_t)n, j->out);
				p += n - 1;
			}
		}
	}
	fputc('"', j->out);
}

/* Separator and key before a value. */
static void
json_key(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->out);
	j->first[j->depth] = false;
	if (key != NULL) {
		json_quote(j, key);
		fputc(':', j->out);
	}
}

static void
json_open(struct json *j, const char *key, char c)
{
	json_key(j, key);
	fputc(c, j->out);
	if (j->depth < JSON_MAX_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = true;
}

static void
json_close(struct json *j, char c)
{
	fputc(c, j->out);
	if (j->depth > 0)
		j->depth--;
}

void
json_begin_obj(struct json *j, const char *key)
{
	json_open(j, key, '{');
}

void
json_end_obj(struct json *j)
{
	json_close(j, '}');
}

void
json_begin_arr(struct json *j, const char *key)
{
	json_open(j, key, '[');
}

void
json_end_arr(struct json *j)
{
	json_close(j, ']');
}

void
json_str(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	if (v == NULL)
		fputs("null", j->out);
	else
		json_quote(j, v);
}

void
json_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	fprintf(j->out, "%" PRId64, v);
}

void
json_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	fputs(v ? "true" : "false", j->out);
}

void
json_null(struct json *j, const char *key)
{
	json_key(j, key);
	fputs("null", j->out);
}

/* End the document and write it out whole. */
void
json_finish(struct json *j)
{
	fputc('\n', j->out);
	if (doc != NULL && j->out == doc) {
		fflush(doc);
		fwrite(doc_buf, 1, doc_len, j->dest);
		json_discard();
	}
	fflush(j->dest);
	written = true;
}
