/*
 * psctl_sockets.c: psctl sockets: the sockets psd holds, their counts,
 * and the instances accept = true runs per connection.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "psctl.h"


/* A count, or "-" where the socket has none (not accept = true). */
static const char *
count_or_dash(const struct proto_msg *m, uint16_t key, char *buf, size_t len)
{
	int64_t v;

	if (!proto_int(m, key, &v))
		return "-";
	snprintf(buf, len, "%lld", (long long)v);
	return buf;
}

int
verb_sockets(struct psctl *ps, int argc, char **argv)
{
	static const char *const head[] = { "PROGRAM", "LISTEN", "MODE",
	    "ACCEPTED", "ACTIVE", "REFUSED" };
	static const char *const ihead[] = { "INSTANCE", "PEER", "PID",
	    "UPTIME" };
	struct proto_msg m;
	struct json j;
	char acc[24], act[24], ref[24], pid[24], up[32];
	const char *row[6];
	int r, nconn = 0;

	(void)argc;
	(void)argv;
	if ((r = psctl_post(ps, MSG_SOCKETS, NULL, 0, 0)) != PSCTL_OK)
		return r;
	if (ps->json) {
		json_init(&j, stdout);
		json_begin_obj(&j, NULL);
		json_begin_arr(&j, "sockets");
	} else
		psctl_table_add(head, 6);
	while ((r = psctl_recv(ps, &m, false)) == 1 &&
	    m.hdr.type == MSG_SOCKET) {
		if (ps->json) {
			json_begin_obj(&j, NULL);
			json_str(&j, "program", proto_str_or(&m, K_PROGRAM, ""));
			json_str(&j, "listen", proto_str_or(&m, K_LISTEN, ""));
			json_str(&j, "mode", proto_str_or(&m, K_SOCKET_MODE, ""));
			json_int(&j, "inode", proto_int_or(&m, K_INODE, 0));
			if (proto_int(&m, K_ACCEPTED, &(int64_t){ 0 })) {
				json_int(&j, "accepted",
				    proto_int_or(&m, K_ACCEPTED, 0));
				json_int(&j, "active",
				    proto_int_or(&m, K_ACTIVE, 0));
				json_int(&j, "refused",
				    proto_int_or(&m, K_REFUSED, 0));
				json_int(&j, "max_connections",
				    proto_int_or(&m, K_MAX_CONNECTIONS, 0));
			}
			json_bool(&j, "watching",
			    proto_int_or(&m, K_WATCHING, 0) != 0);
			json_end_obj(&j);
			continue;
		}
		row[0] = proto_str_or(&m, K_PROGRAM, "");
		row[1] = proto_str_or(&m, K_LISTEN, "");
		row[2] = proto_str_or(&m, K_SOCKET_MODE, "");
		row[3] = count_or_dash(&m, K_ACCEPTED, acc, sizeof acc);
		row[4] = count_or_dash(&m, K_ACTIVE, act, sizeof act);
		row[5] = count_or_dash(&m, K_REFUSED, ref, sizeof ref);
		psctl_table_add(row, 6);
	}
	if (!ps->json)
		psctl_table_print(ps, -1);
	if (ps->json) {
		json_end_arr(&j);
		json_begin_arr(&j, "connections");
	}
	while (r == 1 && m.hdr.type == MSG_CONN) {
		if (ps->json) {
			json_begin_obj(&j, NULL);
			json_str(&j, "name", proto_str_or(&m, K_NAME, ""));
			json_str(&j, "program", proto_str_or(&m, K_PROGRAM, ""));
			json_str(&j, "peer", proto_str_or(&m, K_PEER, ""));
			json_int(&j, "pid", proto_int_or(&m, K_PID, 0));
			json_int(&j, "uptime_ms",
			    proto_int_or(&m, K_UPTIME_MS, 0));
			json_end_obj(&j);
		} else {
			if (nconn == 0) {
				printf("\n");
				psctl_table_add(ihead, 4);
			}
			snprintf(pid, sizeof pid, "%lld",
			    (long long)proto_int_or(&m, K_PID, 0));
			row[0] = proto_str_or(&m, K_NAME, "");
			row[1] = proto_str_or(&m, K_PEER, "");
			row[2] = pid;
			row[3] = psctl_uptime(proto_int_or(&m, K_UPTIME_MS, 0),
			    up, sizeof up);
			psctl_table_add(row, 4);
		}
		nconn++;
		r = psctl_recv(ps, &m, false);
	}
	if (r != 1)
		return -r;
	if (ps->json) {
		json_end_arr(&j);
		json_end_obj(&j);
		json_finish(&j);
	} else if (nconn > 0)
		psctl_table_print(ps, -1);
	return PSCTL_OK;
}
