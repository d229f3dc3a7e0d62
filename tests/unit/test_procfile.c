/*
 * test_procfile.c: foreman's .env quoting rules, Procfile lines and
 * formations, one rule per case.  Every expected value was checked
 * against foreman 0.87.2's own Foreman::Env and Foreman::Procfile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotenv.h"
#include "procfile.h"
#include "tap.h"

static int nskipped;
static int skipped_line[16];

static void
skipped(void *arg, int line, const char *text)
{
	(void)arg;
	(void)text;
	if (nskipped < 16)
		skipped_line[nskipped] = line;
	nskipped++;
}

/* The value .env text gives NAME (NULL: not set). */
static char *
env1(const char *text, const char *name)
{
	struct envlist e = { NULL, 0 };
	const char *v;
	char *r;

	nskipped = 0;
	(void)dotenv_parse(text, strlen(text), &e, skipped, NULL);
	v = envlist_get(&e, name);
	r = v != NULL ? strdup(v) : NULL;
	envlist_free(&e);
	return r;
}

static void
env_is(const char *text, const char *name, const char *want, const char *rule)
{
	char *got = env1(text, name);

	is_str(got, want, "%s", rule);
	free(got);
}

static void
test_dotenv_quoting(void)
{
	env_is("K=value\n", "K", "value", "plain value");
	env_is("K=a b  \n", "K", "a b  ", "trailing spaces are kept");
	env_is("K=v # c\n", "K", "v # c", "an inline # is part of the value");
	env_is("K=\n", "K", "", "empty value");
	env_is("K=a=b\n", "K", "a=b", "only the first = splits");
	env_is("K='a \\n \"b\" $X'\n", "K", "a \\n \"b\" $X",
	    "single quotes: literal, no escapes");
	env_is("K=\"a\\nb\"\n", "K", "a\nb", "double quotes: \\n is a newline");
	env_is("K=\"say \\\"hi\\\" \\\\\\\\ \\t\"\n", "K", "say \"hi\" \\\\ t",
	    "double quotes: \\X is X, \\t is t");
	env_is("K=\"x\\\\\\\\ny\"\n", "K", "x\\\\\ny",
	    "double quotes: \\n is replaced before other escapes");
	env_is("K=\"\n", "K", "\"", "a lone double quote is kept");
	env_is("K='a\"\n", "K", "'a\"", "mismatched quotes are kept");
	env_is("K=\"a\"b\"\n", "K", "a\"b", "outer quotes only");
	env_is("K=\"a\" \n", "K", "\"a\" ", "a space after the quote: no"
	    " unquoting");
	env_is("K=first\nK=second\n", "K", "second", "a later line wins");
	env_is("K=v\r\n", "K", "v", "CRLF line ends");
	env_is("K=v\r", "K", "v\r", "a lone CR is kept");
	env_is("K=v", "K", "v", "no final newline");
	env_is("lower_9=ok\n", "lower_9", "ok", "names: letters, digits, _");
}

static void
test_dotenv_skipped(void)
{
	env_is("export K=1\n", "K", NULL, "export K=1 is not read (foreman)");
	is_int(nskipped, 1, "  and reported");
	env_is("  K=1\n", "K", NULL, "an indented line is not read");
	env_is("# K=1\n", "K", NULL, "a comment is not read");
	env_is("A-B=1\n", "A-B", NULL, "a name with - is not read");
	env_is("K = 1\n", "K", NULL, "spaces around = are not read");
	env_is("\nX\nK=1\n", "K", "1", "lines after junk still count");
	is_int(nskipped, 1, "  only the non-empty junk line is reported");
	is_int(skipped_line[0], 2, "  with its line number");
}

static void
test_dotenv_order(void)
{
	struct envlist e = { NULL, 0 };

	(void)dotenv_parse("B=1\nA=2\nB=3\n", 12, &e, NULL, NULL);
	is_int(e.n, 2, "a name set twice is one variable");
	is_str(e.kv[0], "B=3", "  keeping its first position");
	is_str(e.kv[1], "A=2", "  the next one after it");
	ok(e.kv[2] == NULL, "  NULL-terminated");
	envlist_set(&e, "PORT", "5000");
	is_str(e.kv[2], "PORT=5000", "envlist_set appends a new name");
	envlist_free(&e);
}

static void
test_procfile_lines(void)
{
	const char *text = "# comment\n"
	    "web: bundle exec rails s -p $PORT\n"
	    "worker:bundle exec sidekiq  \r\n"
	    " indented: no\n"
	    "a_b-c9:   x\n"
	    "empty:\n"
	    "blank:   \n"
	    "web 2: no\n";
	struct procfile pf;
	char err[256];

	nskipped = 0;
	is_int(procfile_parse(text, strlen(text), &pf, skipped, NULL, err,
	    sizeof err), 0, "a Procfile parses");
	is_int(pf.n, 4, "four entries");
	is_str(pf.v[0].name, "web", "name before the colon");
	is_str(pf.v[0].command, "bundle exec rails s -p $PORT",
	    "command after the spaces");
	is_int(pf.v[0].line, 2, "line numbers");
	is_str(pf.v[1].command, "bundle exec sidekiq  ",
	    "no space needed after the colon; trailing spaces kept");
	is_str(pf.v[2].name, "a_b-c9", "names: letters, digits, _ and -");
	is_str(pf.v[3].name, "blank", "spaces only: one space is the command");
	is_str(pf.v[3].command, " ", "  (foreman's \\s*(.+))");
	is_int(nskipped, 4, "comment, indented, empty and spaced names are"
	    " not entries");
	procfile_free(&pf);

	ok(procfile_parse("a: x\nb: y\na: z\n", 15, &pf, NULL, NULL, err,
	    sizeof err) < 0, "a name given twice is refused");
	is_str(err, "3: a: already defined on line 1", "  saying where");
	procfile_free(&pf);
}

static void
test_procfile_sniff(void)
{
	ok(procfile_sniff("web: x\n", 7), "NAME: COMMAND is a Procfile");
	ok(procfile_sniff("# c\n\nweb: x\nworker: y\n", 21),
	    "comments first are fine");
	ok(!procfile_sniff("[program:web]\ncommand = x\n", 26),
	    "an INI section is not");
	ok(!procfile_sniff("web: x\n[psd]\n", 13), "nor one anywhere");
	ok(!procfile_sniff("command = a:b\n", 14), "nor key = a:b");
	ok(!procfile_sniff("", 0), "nor an empty file");
	ok(!procfile_sniff("; c\n# d\n", 8), "nor comments only");
}

static void
test_formation(void)
{
	struct formation f;
	char err[256];

	is_int(formation_parse(NULL, &f, err, sizeof err), 0, "no formation");
	is_int(formation_count(&f, "web"), 1, "  runs each once");
	formation_free(&f);
	is_int(formation_parse(" web = 2 , worker=3", &f, err, sizeof err), 0,
	    "web=2,worker=3 with spaces");
	is_int(formation_count(&f, "web"), 2, "  web twice");
	is_int(formation_count(&f, "worker"), 3, "  worker three times");
	is_int(formation_count(&f, "clock"), 0, "  an unnamed one not at all");
	formation_free(&f);
	is_int(formation_parse("all=2,web=0", &f, err, sizeof err), 0,
	    "all=2,web=0");
	is_int(formation_count(&f, "clock"), 2, "  all sets the rest");
	is_int(formation_count(&f, "web"), 0, "  a named one wins over all");
	formation_free(&f);
	ok(formation_parse("web", &f, err, sizeof err) < 0, "web alone");
	is_str(err, "formation \"web\": expected NAME=N with N from 0 to 1000,"
	    " got \"web\"", "  is refused, saying what was expected");
	ok(formation_parse("web=x", &f, err, sizeof err) < 0,
	    "web=x is refused");
	ok(formation_parse("web=-1", &f, err, sizeof err) < 0,
	    "web=-1 is refused");
	ok(formation_parse("web=1001", &f, err, sizeof err) < 0,
	    "web=1001 is refused");
}

int
main(void)
{
	test_dotenv_quoting();
	test_dotenv_skipped();
	test_dotenv_order();
	test_procfile_lines();
	test_procfile_sniff();
	test_formation();
	return done_testing();
}
