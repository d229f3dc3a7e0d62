/*
 * config_demo.c: the embedded demonstration config (psd --demo).  Its text
 * is config/examples/demo.ini, turned into config_demo_ini[] at build time.
 */
#include <stdio.h>

#include "config.h"

extern const char config_demo_ini[];

struct config *
config_load_demo(struct config_errors *errs)
{
	return config_load_string("<demo>", config_demo_ini, "/", errs);
}

void
config_demo_banner(FILE *out, const char *psctl)
{
	fprintf(out,
"\n"
"  psd --demo: a supervisor and reaper at work, to watch.\n"
"\n"
"  Running:   web         a small web server on 127.0.0.1:8080 (another\n"
"                         free port if 8080 is taken; its log says which)\n"
"             worker:0-2  three instances of one long-running worker\n"
"             crasher     fails on purpose: BACKOFF, then FATAL\n"
"             zombies     3 zombies every 10s, left for 5s\n"
"             orphans     3 orphans every 10s, adopted by psd\n"
"             doublefork  a double fork every 15s\n"
"             thumbs      a pool of 2 slots for one-shot jobs (idle until\n"
"                         you submit some)\n"
"\n"
"  Look for:  Z (zombie) processes appearing, then gone once reaped;\n"
"             orphans adopted and attributed to the program they came\n"
"             from; crasher retrying with a growing delay, then FATAL.\n"
"\n"
"  In a second terminal:\n"
"    %s top         the live view (? for help, q to quit)\n"
"    %s tree        the process tree with each kernel state\n"
"    %s logs -f     every program's output as it comes\n"
"    %s events      what happens, as it happens\n"
"    %s map thumbs -- sh -c 'sleep 1; echo \"thumbnail of $1\"' sh {} ::: a b c d\n"
"                   four jobs in the pool, two at a time\n"
"\n"
"  Ctrl-C here stops everything in order.\n"
"\n", psctl, psctl, psctl, psctl, psctl);
	fflush(out);
}
