/*
 * json.c: JSON output with correct string escaping.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"

void
json_init(struct json *j, FILE *out)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->first[0] = true;
}

/* Write a JSON string literal. */
static void
json_quote(struct json *j, const char *s)
{
	const unsigned char *p;

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
			else
				fputc(*p, j->out);
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

void
json_finish(struct json *j)
{
	fputc('\n', j->out);
	fflush(j->out);
}
