/*
 * control_targets.c: the programs a control request names.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "control_targets.h"
#include "program.h"
#include "supervise.h"
#include "xmalloc.h"

/*
 * Add the j-th program to the list unless it is there already.  seen[]
 * has one flag per program, so naming every program (status with no
 * name, "all") is linear, not quadratic; the list has room for all.
 */
static void
cmds_add(struct program **v, int *n, bool *seen, int j)
{
	if (seen[j])
		return;
	seen[j] = true;
	v[(*n)++] = supervise_at(j);
}

/*
 * Resolve the request's names: "all", "web" (every instance of web),
 * "web:*", "web:2"; "x:*" also names every program called "x:..." (a
 * supervisord group).  Replies no-such-program and returns -1 on an unknown
 * name; with no names, empty_all selects every program.
 */
int
control_targets(struct conn *c, const struct proto_msg *m, bool empty_all,
    struct program ***out, int *n)
{
	struct program *p;
	const char *name;
	char base[256];
	int i = 0, j, found, named = 0, count = supervise_count();
	size_t len;
	bool *seen = xcalloc((size_t)(count > 0 ? count : 1), sizeof *seen);

	*out = xcalloc((size_t)(count > 0 ? count : 1), sizeof **out);
	*n = 0;
	while ((name = proto_next_str(m, K_NAME, &i)) != NULL) {
		named++;
		found = 0;
		len = strlen(name);
		if (len > 2 && strcmp(name + len - 2, ":*") == 0 &&
		    len - 2 < sizeof base) {
			memcpy(base, name, len - 2);
			base[len - 2] = '\0';
		} else
			base[0] = '\0';
		for (j = 0; j < count; j++) {
			p = supervise_at(j);
			if (strcmp(name, "all") == 0 ||
			    strcmp(program_name(p), name) == 0 ||
			    strcmp(p->conf->base, base[0] ? base : name) == 0 ||
			    (base[0] && strncmp(program_name(p), name,
			    len - 1) == 0)) {
				cmds_add(*out, n, seen, j);
				found++;
			}
		}
		if (found == 0) {
			conn_error(c, PROTO_E_NO_PROGRAM, name,
			    "no such program: %s", name);
			goto fail;
		}
	}
	if (named == 0) {
		if (!empty_all) {
			conn_error(c, PROTO_E_BAD_REQUEST, NULL,
			    "name at least one program (or all)");
			goto fail;
		}
		for (j = 0; j < count; j++)
			cmds_add(*out, n, seen, j);
	}
	free(seen);
	return 0;
fail:
	free(seen);
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}
