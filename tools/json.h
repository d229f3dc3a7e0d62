/*
 * json.h: a small JSON writer for psctl --json.
 *
 * Commas and nesting are tracked for the caller:
 *   json_begin_obj(j, NULL); json_str(j, "name", "web");
 *   json_int(j, "pid", 42); json_end_obj(j);
 *
 * A document is built in memory and written whole by json_finish(), so a
 * failure half way (an error reply, a timeout) never leaves a broken
 * document on stdout: the next json_init() drops the unfinished one.
 * Strings are written as valid UTF-8 (a stray byte becomes U+FFFD).
 */
#ifndef PSCTL_JSON_H
#define PSCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE	*out;		/* the document in memory (or dest) */
	FILE	*dest;
	int	 depth;
	bool	 first[JSON_MAX_DEPTH];
};

void	 json_init(struct json *j, FILE *out);
/* key is NULL inside arrays and at the top. */
void	 json_begin_obj(struct json *j, const char *key);
void	 json_end_obj(struct json *j);
void	 json_begin_arr(struct json *j, const char *key);
void	 json_end_arr(struct json *j);
void	 json_str(struct json *j, const char *key, const char *v);
void	 json_int(struct json *j, const char *key, int64_t v);
void	 json_bool(struct json *j, const char *key, bool v);
void	 json_null(struct json *j, const char *key);
/* End the document with a newline and write it out. */
void	 json_finish(struct json *j);
/* Drop an unfinished document, if any. */
void	 json_discard(void);
/* Has a whole document been written? */
bool	 json_written(void);

#endif
