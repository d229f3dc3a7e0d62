/*
 * psctl_show.c: stats and the process tree (the teaching view).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "psctl.h"
#include "util.h"
#include "xmalloc.h"

static const struct {
	uint16_t	 key;
	const char	*json;
	const char	*label;
} stat_fields[] = {
	{ K_PSD_PID,		"pid",			"psd pid" },
	{ K_UPTIME_MS,		"uptime_ms",		"uptime" },
	{ K_PROGRAMS,		"programs",		"programs" },
	{ K_RUNNING,		"running",		"running" },
	{ K_REAPED,		"reaped",		"children reaped" },
	{ K_ORPHANS,		"orphans_reaped",	"orphans reaped" },
	{ K_ORPHANS_ATTRIBUTED,	"orphans_attributed",	"  attributed" },
	{ K_ZOMBIES,		"zombies",		"zombies now" },
	{ K_SPAWNS,		"spawns",		"spawns" },
	{ K_RESTARTS,		"restarts",		"restarts" },
	{ K_HOOKS,		"hooks",		"hooks run" },
	{ K_CONNECTIONS,	"connections",		"open connections" },
	{ K_WAKEUPS,		"wakeups",		"loop wakeups" },
	{ K_OUTPUT_LINES,	"output_lines",		"output lines" },
	{ K_OUTPUT_BUFFERED,	"output_buffered",	"output buffered" },
	{ K_OUTPUT_BYTES,	"output_bytes",		"output bytes" },
	{ K_OUTPUT_DROPPED_LINES, "output_dropped_lines", "  lines dropped" },
	{ K_OUTPUT_DROPPED_BYTES, "output_dropped_bytes", "  bytes dropped" },
};

int
verb_stats(struct psctl *ps, int argc, char **argv)
{
	struct proto_msg m;
	struct json j;
	char up[32];
	size_t i;
	int r;

	(void)argc;
	(void)argv;
	if ((r = psctl_ask(ps, MSG_STATS, NULL, 0, 0, &m)) != PSCTL_OK)
		return r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		for (i = 0; i < nitems(stat_fields); i++)
			json_int(&j, stat_fields[i].json,
			    proto_int_or(&m, stat_fields[i].key, 0));
		json_str(&j, "config", proto_str(&m, K_CONFIG));
		json_str(&j, "attribution", proto_str(&m, K_ATTRIBUTION));
		json_begin_obj(&j, "orphans_by_program");
	} else {
		for (i = 0; i < nitems(stat_fields); i++) {
			if (stat_fields[i].key == K_UPTIME_MS)
				printf("%-18s %s\n", stat_fields[i].label,
				    psctl_uptime(proto_int_or(&m, K_UPTIME_MS,
				    0), up, sizeof up));
			else
				printf("%-18s %lld\n", stat_fields[i].label,
				    (long long)proto_int_or(&m,
				    stat_fields[i].key, 0));
		}
		if (proto_str(&m, K_CONFIG) != NULL)
			printf("%-18s %s\n", "config", proto_str(&m, K_CONFIG));
		if (proto_str(&m, K_ATTRIBUTION) != NULL)
			printf("%-18s %s\n", "attribution",
			    proto_str(&m, K_ATTRIBUTION));
	}
	while ((r = psctl_recv(ps, &m, false)) == 1 && m.hdr.type == MSG_PROGRAM) {
		if (ps->json)
			json_int(&j, proto_str(&m, K_NAME),
			    proto_int_or(&m, K_ORPHANS_OF, 0));
		else
			printf("  orphans of %-6s %lld\n", proto_str(&m, K_NAME),
			    (long long)proto_int_or(&m, K_ORPHANS_OF, 0));
	}
	if (r != 1)
		return -r;
	if (ps->json) {
		json_end_obj(&j);
		json_end_obj(&j);
		json_finish(&j);
	}
	return PSCTL_OK;
}

struct tnode {
	int64_t		 pid, ppid, depth;
	char		*state, *program, *command;
};

/* Draw the branches for row i from the depths of the rows after it. */
static void
tree_prefix(const struct tnode *v, int n, int i, char *buf, size_t len)
{
	size_t off = 0;
	int d, k;
	bool more;

	buf[0] = '\0';
	for (d = 1; d <= v[i].depth && off + 4 < len; d++) {
		/* Is there a later sibling at depth d under the same branch? */
		more = false;
		for (k = i + 1; k < n && v[k].depth >= d; k++)
			if (v[k].depth == d) {
				more = true;
				break;
			}
		if (d == v[i].depth)
			off += (size_t)snprintf(buf + off, len - off, "%s",
			    more ? "|-- " : "`-- ");
		else
			off += (size_t)snprintf(buf + off, len - off, "%s",
			    more ? "|   " : "    ");
	}
}

int
verb_tree(struct psctl *ps, int argc, char **argv)
{
	static const char *const head[] = { "PID", "S", "PROGRAM", "COMMAND" };
	struct proto_msg m;
	struct tnode *v = NULL;
	struct json j;
	char pid[32], pre[256], cmd[1024];
	const char *row[4];
	int n = 0, i, r, zombies = 0;

	(void)argc;
	(void)argv;
	if ((r = psctl_post(ps, MSG_TREE, NULL, 0, 0)) != PSCTL_OK)
		return r;
	while ((r = psctl_recv(ps, &m, false)) == 1 && m.hdr.type == MSG_PROC) {
		v = xreallocarray(v, (size_t)n + 1, sizeof *v);
		v[n].pid = proto_int_or(&m, K_PID, 0);
		v[n].ppid = proto_int_or(&m, K_PPID, 0);
		v[n].depth = proto_int_or(&m, K_DEPTH, 0);
		v[n].state = xstrdup(proto_str(&m, K_PROC_STATE) ?
		    proto_str(&m, K_PROC_STATE) : "?");
		v[n].program = xstrdup(proto_str(&m, K_PROGRAM) ?
		    proto_str(&m, K_PROGRAM) : "");
		v[n].command = xstrdup(proto_str(&m, K_COMMAND) ?
		    proto_str(&m, K_COMMAND) : "");
		zombies += strcmp(v[n].state, "Z") == 0;
		n++;
	}
	if (r != 1)
		return -r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_begin_arr(&j, "processes");
	} else
		psctl_table_add(head, 4);
	for (i = 0; i < n; i++) {
		if (ps->json) {
			json_begin_obj(&j, NULL);
			json_int(&j, "pid", v[i].pid);
			json_int(&j, "ppid", v[i].ppid);
			json_int(&j, "depth", v[i].depth);
			json_str(&j, "state", v[i].state);
			json_str(&j, "program", v[i].program);
			json_bool(&j, "zombie", strcmp(v[i].state, "Z") == 0);
			json_str(&j, "command", v[i].command);
			json_end_obj(&j);
		} else {
			tree_prefix(v, n, i, pre, sizeof pre);
			snprintf(pid, sizeof pid, "%lld", (long long)v[i].pid);
			snprintf(cmd, sizeof cmd, "%s%s%s", pre, v[i].command,
			    strcmp(v[i].state, "Z") == 0 ? " <defunct>" : "");
			row[0] = pid;
			row[1] = v[i].state;
			row[2] = v[i].program;
			row[3] = cmd;
			psctl_table_add(row, 4);
		}
		free(v[i].state);
		free(v[i].program);
		free(v[i].command);
	}
	free(v);
	if (ps->json) {
		json_end_arr(&j);
		json_int(&j, "zombies", zombies);
		json_end_obj(&j);
		json_finish(&j);
	} else {
		psctl_table_print(ps, 1);
		if (zombies > 0)
			printf("%d zombie%s: exited, waiting for their parent"
			    " to reap them (psd reaps its own at once)\n",
			    zombies, zombies == 1 ? "" : "s");
	}
	return PSCTL_OK;
}
