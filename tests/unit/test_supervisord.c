/*
 * test_supervisord.c: supervisord's value syntax, one case per rule.
 *
 * Every expectation was recorded from supervisord 4.2.5's own parser
 * (supervisor.datatypes.dict_of_key_value_pairs, shlex.split and
 * Python's % operator), so that psd reads a value as supervisord does;
 * what supervisord refuses is refused.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "evproto.h"
#include "supervisord.h"
#include "tap.h"

/* Load text; the config, or NULL with the first error in *first. */
static struct config *
load(const char *text, char *first, size_t len)
{
	struct config_errors errs;
	struct config *cfg;

	cfg = config_load_string("t.conf", text, "/etc/sv", &errs);
	snprintf(first, len, "%s", errs.n > 0 ? errs.msgs[0] : "");
	config_errors_free(&errs);
	return cfg;
}

static void
test_load(void)
{
	struct config *cfg;
	char e[512];
	int i, n;

	cfg = load("[supervisord]\nnodaemon=true\nminfds=1024\n"
	    "[inet_http_server]\nport=:9001\n[program:w]\ncommand=sleep 1\n"
	    "numprocs=2\nprocess_name=%(program_name)s_%(process_num)02d\n"
	    "[group:app]\nprograms=web\n[program:web]\ncommand=sleep 2\n",
	    e, sizeof e);
	ok(cfg != NULL, "a supervisord.conf loads: %s", e);
	if (cfg == NULL)
		return;
	is_int(cfg->nwarnings, 2, "one warning per key or section psd does"
	    " not act on");
	for (i = n = 0; i < cfg->nwarnings; i++)
		n += strstr(cfg->warnings[i], "t.conf:3: [supervisord] minfds:")
		    != NULL || strstr(cfg->warnings[i],
		    "t.conf:4: [inet_http_server]:") != NULL;
	is_int(n, 2, "each names file:line and the key or section");
	ok(config_find(cfg, "w:w_00") && config_find(cfg, "w:w_01"),
	    "numprocs names GROUP:PROCESS");
	ok(config_find(cfg, "app:web") != NULL, "[group:] names GROUP:PROGRAM");
	ok(config_find(cfg, "w:w_00") && config_find(cfg, "w:w_00")->daemon &&
	    config_find(cfg, "w:w_00")->restart == RESTART_ON_FAILURE &&
	    config_find(cfg, "w:w_00")->start_retries == 3 &&
	    !config_find(cfg, "w:w_00")->kill_group &&
	    config_find(cfg, "w:w_00")->out.kind == OUTPUT_FILE,
	    "supervisord's defaults: unexpected, 3 retries, no group, AUTO");
	config_free(cfg);

	cfg = load("[supervisord]\n[eventlistener:x]\ncommand=y\n"
	    "events=TICK_5, process_state\nbuffer_size=3\n", e, sizeof e);
	ok(cfg != NULL && config_find(cfg, "x") != NULL &&
	    config_find(cfg, "x")->evl_pool != NULL &&
	    config_find(cfg, "x")->evl_buffer == 3 &&
	    config_find(cfg, "x")->evl_events == (EVL_BIT(EVL_TICK_5) |
	    EVL_ALL_STATES) && config_find(cfg, "x")->out.kind == OUTPUT_NULL,
	    "an event listener loads: pool, events, buffer, stdout read: %s", e);
	config_free(cfg);
	cfg = load("[supervisord]\n[eventlistener:x]\ncommand=y\n"
	    "events=TICK_7\n", e, sizeof e);
	ok(cfg == NULL && strstr(e, "t.conf:4: [eventlistener:x] events:") &&
	    strstr(e, "TICK_7"), "an unknown event type is an error: %s", e);
	config_free(cfg);
	cfg = load("[supervisord]\n[eventlistener:x]\ncommand=y\n", e,
	    sizeof e);
	ok(cfg == NULL && strstr(e, "events"), "a listener needs events: %s",
	    e);
	config_free(cfg);
	cfg = load("[supervisord]\n[eventlistener:x]\ncommand=y\n"
	    "events=TICK_5\nresult_handler=my.mod:handler\n", e, sizeof e);
	ok(cfg == NULL && strstr(e, "result_handler"), "a Python result"
	    " handler is an error: %s", e);
	config_free(cfg);
	cfg = load("[supervisord]\n[eventlistener:x]\ncommand=y\n"
	    "events=PROCESS_LOG,TICK_60\n", e, sizeof e);
	ok(cfg != NULL && cfg->nwarnings == 1 && strstr(cfg->warnings[0],
	    "t.conf:4: [eventlistener:x] events:") != NULL, "a type psd never"
	    " sends is one warning: %s", cfg && cfg->nwarnings ?
	    cfg->warnings[0] : e);
	config_free(cfg);
	cfg = load("[supervisord]\n[program:x]\ncommand=y\nexitcodes=0,2\n",
	    e, sizeof e);
	ok(cfg != NULL && config_find(cfg, "x")->sd_semantics &&
	    config_find(cfg, "x")->sd_exitcodes[0] == 5,
	    "exitcodes=0,2: both codes are expected: %s", e);
	config_free(cfg);
	/* psd's own keys for what --print-config writes */
	cfg = load("[program:x]\ncommand=y\nexit_codes=0,3\n", e, sizeof e);
	ok(cfg == NULL && strstr(e, "exit_codes") && strstr(e, "rules"),
	    "psd.ini: exit_codes without rules = supervisord is an error: %s",
	    e);
	config_free(cfg);
	cfg = load("[program:x]\ncommand=y\nrules=supervisord\n"
	    "kill_group=kill\n", e, sizeof e);
	ok(cfg != NULL && config_find(cfg, "x")->sd_semantics &&
	    config_find(cfg, "x")->sd_exitcodes[0] == 1 &&
	    !config_find(cfg, "x")->kill_group &&
	    config_find(cfg, "x")->sd_killasgroup, "psd.ini: rules ="
	    " supervisord (exit_codes 0), kill_group = kill: %s", e);
	config_free(cfg);
	cfg = load("[program:x]\ncommand=y\nevents=TICK_60\n", e, sizeof e);
	ok(cfg == NULL && strstr(e, "stdout = null"), "psd.ini: a listener's"
	    " stdout must be null: %s", e);
	config_free(cfg);
	cfg = load("[program:x]\ncommand=y\nevents=TICK_60\nstdout=null\n"
	    "events_pool=p\n", e, sizeof e);
	ok(cfg != NULL && strcmp(config_find(cfg, "x")->evl_pool, "p") == 0 &&
	    config_find(cfg, "x")->evl_buffer == 10, "psd.ini: a listener,"
	    " pool p, buffer 10 by default: %s", e);
	config_free(cfg);
	cfg = load("[program:x]\ncommand=y\nevents=PROCESS_LOG\n"
	    "stdout=null\n", e, sizeof e);
	ok(cfg == NULL && strstr(e, "PROCESS_LOG"), "psd.ini: a type psd"
	    " never sends is an error in psd's own file: %s", e);
	config_free(cfg);
	cfg = load("[supervisord]\n[program:x]\ncommand=date +%s\n", e,
	    sizeof e);
	ok(cfg == NULL && strstr(e, "command:"), "a bare %% is an error, as"
	    " in supervisord: %s", e);
	config_free(cfg);
	cfg = load("[program:x]\ncommand=y\nenvironment=A=\"1\",B=\"2\"\n",
	    e, sizeof e);
	ok(cfg == NULL && strstr(e, "supervisord"), "psd's own dialect refuses"
	    " the comma list instead of misreading it: %s", e);
	config_free(cfg);
	cfg = load("[program:x]\ncommand=y\nstartsecs=3\n", e, sizeof e);
	ok(cfg != NULL && cfg->progs[0]->start_seconds == 3000 &&
	    cfg->progs[0]->daemon, "supervisord keys alone make the dialect");
	config_free(cfg);
}

/* Parse env text; "K=V|K2=V2" joined, or "ERR" */
static char *
env(const char *s, bool *cut)
{
	static char out[1024];
	char err[256], **kv = NULL;
	int n = 0, i;

	if (sd_env_parse(s, &kv, &n, cut, err, sizeof err) < 0) {
		for (i = 0; i < n; i++)
			free(kv[i]);
		free(kv);
		return strcpy(out, "ERR");
	}
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, "|");
		strncat(out, kv[i], sizeof out - strlen(out) - 2);
		free(kv[i]);
	}
	free(kv);
	return out;
}

static void
env_is(const char *in, const char *want, const char *rule)
{
	bool cut;

	is_str(env(in, &cut), want, "environment %s: %s", in, rule);
}

static char *
split(const char *s)
{
	static char out[1024];
	char err[256], **v;
	int n, i;

	if (sd_split(s, &v, &n, err, sizeof err) < 0)
		return strcpy(out, "ERR");
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, "|");
		strncat(out, v[i], sizeof out - strlen(out) - 2);
		free(v[i]);
	}
	free(v);
	return out;
}

static char *
exp_(const char *s)
{
	static char out[1024];
	static const struct sd_var v[] = { { "program_name", "web", 0 },
	    { "process_num", NULL, 3 }, { "here", "/etc/sv", 0 } };
	char *envs[] = { "HOME=/root", NULL };
	struct sd_vars vars = { v, 3, envs, 1 };
	char err[256], *r;

	r = sd_expand(s, &vars, err, sizeof err);
	if (r == NULL)
		return strcpy(out, "ERR");
	snprintf(out, sizeof out, "%s", r);
	free(r);
	return out;
}

int
main(void)
{
	bool cut;

	test_load();
	/* the misread: two variables, quotes removed */
	env_is("APP_ENV=\"production\",GREETING=\"hello world\"",
	    "APP_ENV=production|GREETING=hello world", "double quotes");
	env_is("K='v'", "K=v", "single quotes");
	env_is("K=v", "K=v", "bare word");
	env_is("K=\"v,w\"", "K=v,w", "comma inside quotes");
	env_is("A=1,B=2", "A=1|B=2", "comma separates");
	env_is("A=1, B=2", "A=1|B=2", "blank after a comma");
	env_is(" K = v ", "K=v", "blanks around =");
	env_is("K=/usr/bin:/bin", "K=/usr/bin:/bin", "path characters");
	env_is("K=a-b.c+d(e):f", "K=a-b.c+d(e):f", "every word character");
	env_is("K=\"\"", "K=", "empty quotes");
	env_is("K=''", "K=", "empty single quotes");
	env_is("K=\"\"\"\"", "K=", "every end quote stripped");
	env_is("K='a\"b'", "K=a\"b", "other quote inside");
	env_is("K=\"a\\\"b\"", "K=a\\", "no backslash escapes");
	env_is("K='a\\b'", "K=a\\b", "backslash kept");
	env_is("K=a\"b c\"d", "K=a\"b", "quote inside a word is a letter");
	env_is("K=a'b'", "K=a'b", "end quote stripped from a word");
	env_is("K=\"a b\"x", "K=a b", "a word after quotes is skipped");
	env_is("K=\"50%\"", "K=50%", "percent kept (after expansion)");
	env_is("K=$HOME", "K=$", "$ is a token of its own");
	env_is("A=1;B=2", "A=1|B=2", "any one character separates");
	env_is("K=x,K=y", "K=y", "the last of a name wins");
	env_is("\"K\"=v", "\"K\"=v", "a key keeps its quotes");
	env_is("K=a,b", "ERR", "a bare comma in a value is refused");
	env_is("A=1 B=2", "ERR", "blanks do not separate");
	env_is("K=a\\ b", "ERR", "no escapes outside quotes");
	env_is("K=\"v", "ERR", "unclosed quote");
	env_is("K", "ERR", "no =");
	env_is("", "", "empty");
	is_str(env("K=a#b,C=d", &cut), "K=a", "# ends the list");
	ok(cut, "a # is reported (warned)");
	is_str(env("K=\"x#y\"", &cut), "K=x#y", "# inside quotes stays");
	ok(!cut, "no # comment there");

	/* commands: shlex.split */
	is_str(split("a \"b c\" d"), "a|b c|d", "command: double quotes");
	is_str(split("a 'b\\c'"), "a|b\\c", "command: single quotes literal");
	is_str(split("a \"b\\$c\""), "a|b\\$c", "command: \\$ kept in quotes");
	is_str(split("a \"b\\\"c\""), "a|b\"c", "command: \\\" in quotes");
	is_str(split("a\\ b"), "a b", "command: backslash outside quotes");
	is_str(split("a#b c"), "a#b|c", "command: # is no comment");
	is_str(split("x 'unclosed"), "ERR", "command: unclosed quote");
	is_str(split("sh -c 'echo \"$X\"; exec sleep 1'"),
	    "sh|-c|echo \"$X\"; exec sleep 1", "command: bash -c wrapper");

	/* expansion: Python's % with a mapping */
	is_str(exp_("%(program_name)s_%(process_num)02d"), "web_03",
	    "expand: %%02d");
	is_str(exp_("%(process_num)d"), "3", "expand: %%d");
	is_str(exp_("%(process_num)s"), "3", "expand: number as %%s");
	is_str(exp_("%(process_num)05s"), "    3", "expand: 0 pads no %%s");
	is_str(exp_("[%(program_name)-5s]"), "[web  ]", "expand: left");
	is_str(exp_("%(here)s/x"), "/etc/sv/x", "expand: here");
	is_str(exp_("%(ENV_HOME)s"), "/root", "expand: ENV_");
	is_str(exp_("100%%"), "100%", "expand: %%%%");
	is_str(exp_("date +%s"), "ERR", "expand: bare %% refused");
	is_str(exp_("50%"), "ERR", "expand: trailing %%");
	is_str(exp_("%(nope)s"), "ERR", "expand: unknown name");
	is_str(exp_("%(ENV_NOPE)s"), "ERR", "expand: unset ENV_");
	is_str(exp_("%(program_name)d"), "ERR", "expand: text as %%d");
	is_str(exp_("%(program_name"), "ERR", "expand: no )");
	return done_testing();
}
