/*
 * supervisord_syntax.c: the syntax of supervisord's values.
 *
 * supervisord splits a command with Python's shlex.split, reads
 * environment = with a shlex lexer in its default (non-POSIX) mode whose
 * word characters are letters, digits, _ and /.+-(): (anything else is a
 * token of its own), and expands %(name)s with Python's % operator.  These functions
 * follow those rules to the character, so that a value means here what
 * it means there; what supervisord would refuse is refused.
 */
#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_expand.h"
#include "supervisord.h"
#include "supervisord_int.h"
#include "util.h"
#include "xmalloc.h"

/* The lexer's state between tokens. */
struct sd_lex {
	const char	*p;
	bool		 split;		/* shlex.split: whitespace_split */
	bool		 comments;	/* '#' starts a comment */
	bool		 cut;		/* a comment was skipped */
};

static bool	sd_space(char c);

/* Bytes in the character at p (UTF-8; a bad byte counts as one). */
static size_t
sd_charlen(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4, i;

	for (i = 1; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

/* Is the character at p one of shlex's word characters? */
static bool
sd_wordchar(const char *p)
{
	unsigned char c = (unsigned char)p[0], d = (unsigned char)p[1];

	if (c < 0x80)
		return isalnum(c) || c == '_' || strchr("/.+-():", c) != NULL;
	/* POSIX mode adds the Latin-1 letters U+00C0..U+00FF but × and ÷. */
	return c == 0xC3 && d >= 0x80 && d <= 0xBF && d != 0x97 && d != 0xB7;
}

static bool
sd_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The next token: 1 with *tok (malloc'd), 0 at the end, -1 with err.
 * States as shlex's: ' ' between tokens, 'a' in a word, a quote, '\\'.
 */
static int
sd_lex_next(struct sd_lex *x, char **tok, char *err, size_t len)
{
	struct expand_buf b = { NULL, 0, 0 };
	char state = ' ', esc_from = 'a';
	bool quoted = false;
	size_t n;

	expand_buf_add(&b, "", 0);
	for (;;) {
		char c = *x->p;

		n = c != '\0' ? sd_charlen(x->p) : 0;
		if (state == '\\') {
			if (c == '\0') {
				snprintf(err, len, "no character after a"
				    " backslash at the end");
				free(b.s);
				return -1;
			}
			if (esc_from != 'a' && c != '\\' && c != esc_from)
				expand_buf_add(&b, "\\", 1);
			expand_buf_add(&b, x->p, n);
			x->p += n;
			state = esc_from;
			continue;
		}
		if (state == '"' || state == '\'') {
			quoted = true;
			if (c == '\0') {
				snprintf(err, len, "no closing quotation (%c)",
				    state);
				free(b.s);
				return -1;
			}
			if (c == state)
				state = 'a';
			else if (c == '\\' && state == '"') {
				esc_from = '"';
				state = '\\';
			} else
				expand_buf_add(&b, x->p, n);
			x->p += n;
			continue;
		}
		if (c == '\0')
			break;
		if (sd_space(c)) {
			x->p++;
			if (b.len > 0 || quoted)
				break;
			state = ' ';
			continue;
		}
		if (x->comments && c == '#') {
			/* shlex reads the rest of the line as a comment */
			while (*x->p != '\0' && *x->p != '\n')
				x->p++;
			x->cut = true;
			if (b.len > 0 || quoted)
				break;
			state = ' ';
			continue;
		}
		if (c == '\\') {
			esc_from = 'a';
			state = '\\';
			x->p++;
			continue;
		}
		if (c == '"' || c == '\'') {
			state = c;
			x->p++;
			continue;
		}
		if (x->split || sd_wordchar(x->p)) {
			expand_buf_add(&b, x->p, n);
			x->p += n;
			state = 'a';
			continue;
		}
		/* Any other character is a token of its own. */
		if (state == 'a')
			break;		/* it starts the next token */
		expand_buf_add(&b, x->p, n);
		x->p += n;
		break;
	}
	if (b.len == 0 && !quoted) {
		free(b.s);
		return 0;
	}
	*tok = b.s;
	return 1;
}

static void
sd_tokens_free(char **t, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(t[i]);
	free(t);
}

/* Every token of s; -1 with err. */
static int
sd_tokens(struct sd_lex *x, char ***out, int *nout, char *err, size_t len)
{
	char **t = NULL, *tok;
	int n = 0, r;

	while ((r = sd_lex_next(x, &tok, err, len)) == 1) {
		t = xreallocarray(t, (size_t)n + 2, sizeof *t);
		t[n++] = tok;
		t[n] = NULL;
	}
	if (r < 0) {
		sd_tokens_free(t, n);
		return -1;
	}
	if (t == NULL)
		t = xcalloc(1, sizeof *t);
	*out = t;
	*nout = n;
	return 0;
}

int
sd_split(const char *s, char ***argv, int *n, char *err, size_t len)
{
	struct sd_lex x = { s, true, false, false };

	return sd_tokens(&x, argv, n, err, len);
}

void
sd_env_put(char ***kv, int *n, const char *k, const char *v)
{
	size_t kl = strlen(k);
	int i;

	for (i = 0; i < *n; i++)
		if (strncmp((*kv)[i], k, kl) == 0 && (*kv)[i][kl] == '=') {
			free((*kv)[i]);
			(*kv)[i] = xasprintf("%s=%s", k, v);
			return;
		}
	*kv = xreallocarray(*kv, (size_t)*n + 2, sizeof **kv);
	(*kv)[(*n)++] = xasprintf("%s=%s", k, v);
	(*kv)[*n] = NULL;
}

/* A word character of shlex in its default (non-POSIX) mode. */
static bool
sd_env_wordchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("_/.+-():", c));
}

/*
 * The next token of supervisord 4.2's environment lexer (shlex, not in
 * POSIX mode): a run of word characters, in which quotes are kept as
 * they are; a quoted string with its quotes (no escapes); or any other
 * character alone.  '#' skips to the end of the line.  1 with *tok, 0
 * at the end, -1 with err.
 */
static int
sd_env_token(const char **pp, bool *cut, char **tok, char *err, size_t len)
{
	struct expand_buf b = { NULL, 0, 0 };
	const char *p = *pp;
	size_t n;
	char q;

	for (;;) {
		while (sd_space(*p))
			p++;
		if (*p != '#')
			break;
		*cut = true;
		while (*p != '\0' && *p != '\n')
			p++;
	}
	if (*p == '\0') {
		*pp = p;
		return 0;
	}
	expand_buf_add(&b, "", 0);
	if (*p == '"' || *p == '\'') {
		q = *p;
		expand_buf_add(&b, p++, 1);
		while (*p != '\0' && *p != q)
			expand_buf_add(&b, p++, 1);
		if (*p == '\0') {
			snprintf(err, len, "no closing quotation (%c)", q);
			free(b.s);
			return -1;
		}
		expand_buf_add(&b, p++, 1);
	} else if (sd_env_wordchar(*p)) {
		while (*p != '\0') {
			if (sd_env_wordchar(*p) || *p == '"' || *p == '\'')
				expand_buf_add(&b, p++, 1);
			else if (*p == '#') {
				/* the rest of the line is a comment */
				*cut = true;
				while (*p != '\0' && *p != '\n')
					p++;
			} else
				break;
		}
	} else {
		n = sd_charlen(p);
		expand_buf_add(&b, p, n);
		p += n;
	}
	*pp = p;
	*tok = b.s;
	return 1;
}

/*
 * Tokens come in fours: KEY "=" VALUE and one more that is skipped
 * whatever it is (supervisord never looks at the comma).  A value loses
 * every quote at its ends (Python's strip('\'"')); a key keeps them.
 */
int
sd_env_parse(const char *s, char ***kv, int *n, bool *cut, char *err,
    size_t len)
{
	char **t = NULL, *tok, *v;
	int nt = 0, i, r;
	size_t vl;

	*cut = false;
	while ((r = sd_env_token(&s, cut, &tok, err, len)) == 1) {
		t = xreallocarray(t, (size_t)nt + 1, sizeof *t);
		t[nt++] = tok;
	}
	if (r < 0) {
		sd_tokens_free(t, nt);
		return -1;
	}
	for (i = 0; i < nt; i += 4) {
		if (nt - i < 3 || strcmp(t[i + 1], "=") != 0) {
			snprintf(err, len, "expected KEY=VALUE,KEY2=VALUE2 (quote"
			    " a value with spaces or characters other than"
			    " letters, digits and _/.+-():) near \"%s\"", t[i]);
			sd_tokens_free(t, nt);
			return -1;
		}
		v = t[i + 2];
		vl = strlen(v);
		while (vl > 0 && (v[vl - 1] == '"' || v[vl - 1] == '\''))
			v[--vl] = '\0';
		while (*v == '"' || *v == '\'')
			v++;
		sd_env_put(kv, n, t[i], v);
	}
	sd_tokens_free(t, nt);
	return 0;
}

/* Find a name: the table, then ENV_X in env. */
static bool
sd_lookup(const struct sd_vars *vars, const char *name, const char **str,
    long *num)
{
	size_t nl;
	int i;

	for (i = 0; i < vars->n; i++)
		if (strcmp(vars->v[i].name, name) == 0) {
			*str = vars->v[i].str;
			*num = vars->v[i].num;
			return true;
		}
	if (strncmp(name, "ENV_", 4) != 0)
		return false;
	nl = strlen(name + 4);
	for (i = vars->nenv - 1; i >= 0; i--)
		if (strncmp(vars->env[i], name + 4, nl) == 0 &&
		    vars->env[i][nl] == '=') {
			*str = vars->env[i] + nl + 1;
			return true;
		}
	return false;
}

/* One %(name)FLAGS WIDTH .PREC TYPE; p after "%(".  Chars used, or -1. */
static int
sd_expand_one(struct expand_buf *b, const char *p, const void *arg,
    char *err, size_t len)
{
	const struct sd_vars *vars = arg;
	const char *q = p, *str;
	char name[128], fmt[32], out[512], numbuf[32];
	int depth = 1, fl = 0;
	long num = 0, width = -1, prec = -1;

	while (*q != '\0' && depth > 0) {
		if (*q == '(')
			depth++;
		else if (*q == ')')
			depth--;
		q++;
	}
	if (depth > 0) {
		snprintf(err, len, "\"%%(\" without a closing \")\"");
		return -1;
	}
	if ((size_t)(q - 1 - p) >= sizeof name) {
		snprintf(err, len, "overlong %%(...) name");
		return -1;
	}
	memcpy(name, p, (size_t)(q - 1 - p));
	name[q - 1 - p] = '\0';
	fmt[fl++] = '%';
	while (*q != '\0' && strchr("-+ #0", *q) != NULL) {
		if (fl < 8 && *q != '#')
			fmt[fl++] = *q;
		q++;
	}
	if (*q == '*') {
		snprintf(err, len, "%%(%s): a * width needs arguments", name);
		return -1;
	}
	for (width = isdigit((unsigned char)*q) ? 0 : -1;
	    isdigit((unsigned char)*q); q++)
		width = width < 10000 ? width * 10 + (*q - '0') : width;
	if (*q == '.')
		for (prec = 0, q++; isdigit((unsigned char)*q); q++)
			prec = prec < 10000 ? prec * 10 + (*q - '0') : prec;
	while (*q == 'h' || *q == 'l' || *q == 'L')
		q++;
	if (!sd_lookup(vars, name, &str, &num)) {
		snprintf(err, len, "%%(%s) cannot be expanded; known are"
		    " here, program_name, group_name, host_node_name,"
		    " process_num, numprocs and ENV_NAME", name);
		return -1;
	}
	fmt[fl] = '\0';
	if (width > 1000 || prec > 1000) {
		snprintf(err, len, "%%(%s): width or precision too large", name);
		return -1;
	}
	if (*q == 's' && str == NULL) {
		snprintf(numbuf, sizeof numbuf, "%ld", num);
		str = numbuf;
	}
	if (*q == 's') {
		/* '0' pads only numbers; Python ignores it, and '+' ' ' too. */
		snprintf(fmt, sizeof fmt, "%%%s*.*s", strchr(fmt, '-') ? "-" :
		    "");
		snprintf(out, sizeof out, fmt, (int)(width < 0 ? 0 : width),
		    (int)(prec < 0 ? 1000 : prec), str);
	} else if (*q == 'd' || *q == 'i' || *q == 'u') {
		if (str != NULL) {
			snprintf(err, len, "%%(%s)%c needs a number, and %s is"
			    " text: write %%(%s)s", name, *q, name, name);
			return -1;
		}
		if (prec >= 0)
			snprintf(fmt + fl, sizeof fmt - (size_t)fl, "*.*ld");
		else
			snprintf(fmt + fl, sizeof fmt - (size_t)fl, "*ld");
		if (prec >= 0)
			snprintf(out, sizeof out, fmt, (int)(width < 0 ? 0 :
			    width), (int)prec, num);
		else
			snprintf(out, sizeof out, fmt, (int)(width < 0 ? 0 :
			    width), num);
	} else {
		snprintf(err, len, "%%(%s)%c: psd expands only the s and d"
		    " conversions", name, *q ? *q : ' ');
		return -1;
	}
	expand_buf_add(b, out, strlen(out));
	return (int)(q + 1 - p);
}

/* supervisord's dialect: a lone % is an error (Python's % would fail,
 * or print its whole table). */
char *
sd_expand(const char *s, const struct sd_vars *vars, char *err, size_t len)
{
	return expand_walk(s, sd_expand_one, vars, "a % not followed by"
	    " (name) or %: supervisord cannot expand it; write %% for a"
	    " percent sign", err, len);
}

/* An octal mode (umask, chmod): 022, 0o022; at most 07777. */
int
sd_octal(const char *v, long *out, char *err, size_t len)
{
	const char *p = v;
	char *end;
	long n;

	if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		p += 2;
	errno = 0;
	n = strtol(p, &end, 8);
	if (errno != 0 || end == p || *end != '\0' || n < 0 || n > 07777) {
		snprintf(err, len, "\"%s\" is not an octal mode like 022", v);
		return -1;
	}
	*out = n;
	return 0;
}

int
sd_bool(const char *v, bool *out, char *err, size_t len)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < nitems(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	snprintf(err, len, "\"%s\" is not a boolean; expected true or false"
	    " (yes, on, 1; no, off, 0)", v);
	return -1;
}

int
sd_int(const char *v, long lo, long hi, long *out, char *err, size_t len)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno != 0 || end == v || *end != '\0' || n < lo || n > hi) {
		snprintf(err, len, "\"%s\" is not an integer from %ld to %ld",
		    v, lo, hi);
		return -1;
	}
	*out = n;
	return 0;
}

/* 1024, 50MB, 10kb, 1GB (supervisord's byte_size). */
int
sd_bytes(const char *v, long long *out, char *err, size_t len)
{
	size_t l = strlen(v);
	long long mult = 1;
	char num[64];
	long n;

	if (l >= 2 && strcasecmp(v + l - 2, "kb") == 0)
		mult = 1024;
	else if (l >= 2 && strcasecmp(v + l - 2, "mb") == 0)
		mult = 1024 * 1024;
	else if (l >= 2 && strcasecmp(v + l - 2, "gb") == 0)
		mult = 1024LL * 1024 * 1024;
	if (mult > 1)
		l -= 2;
	if (l >= sizeof num) {
		snprintf(err, len, "\"%s\" is not a size", v);
		return -1;
	}
	memcpy(num, v, l);
	num[l] = '\0';
	if (sd_int(num, 0, LONG_MAX / (1LL << 30), &n, err, len) < 0) {
		snprintf(err, len, "\"%s\" is not a size like 1024, 10KB, 50MB"
		    " or 1GB", v);
		return -1;
	}
	*out = n * mult;
	return 0;
}
