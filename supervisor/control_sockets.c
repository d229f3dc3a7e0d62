/*
 * control_sockets.c: psctl sockets, and the sockets' part of psctl status.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "accept.h"
#include "control_sockets.h"
#include "loop.h"
#include "sockets.h"
#include "supervise.h"

static const char *
control_sockets_mode(const struct sock *s)
{
	return s->accept ? "accept" : s->on_demand ? "on_demand" : "pass";
}

int
control_sockets_put(struct proto_buf *out)
{
	struct accept_inst_info ii;
	struct accept_counts ac;
	const struct program *p;
	struct sock *s;
	struct stat st;
	char name[160];
	int i, n = 0;

	for (i = 0; i < sockets_count(); i++) {
		s = sockets_at(i);
		proto_begin(out, MSG_SOCKET);
		proto_put_str(out, K_PROGRAM, s->prog);
		proto_put_str(out, K_LISTEN, s->spec);
		proto_put_str(out, K_SOCKET_MODE, control_sockets_mode(s));
		proto_put_int(out, K_INODE, fstat(s->fd, &st) == 0 ?
		    (int64_t)st.st_ino : 0);
		if (accept_counts(s, &ac)) {
			proto_put_int(out, K_ACCEPTED, (int64_t)ac.accepted);
			proto_put_int(out, K_ACTIVE, ac.active);
			proto_put_int(out, K_REFUSED, (int64_t)ac.refused);
			p = supervise_find(s->prog);
			if (p != NULL)
				proto_put_int(out, K_MAX_CONNECTIONS,
				    p->conf->max_connections);
		}
		proto_put_int(out, K_WATCHING, s->watching ||
		    (s->accept && s->acceptor != NULL));
		proto_end(out);
		n++;
	}
	for (i = 0; accept_instance(i, &ii); i++) {
		snprintf(name, sizeof name, "%s#%u", ii.prog, ii.n);
		proto_begin(out, MSG_CONN);
		proto_put_str(out, K_NAME, name);
		proto_put_str(out, K_PROGRAM, ii.prog);
		proto_put_str(out, K_PEER, ii.peer);
		proto_put_int(out, K_PID, ii.pid);
		proto_put_int(out, K_UPTIME_MS, loop_update_now() - ii.started);
		proto_end(out);
		n++;
	}
	return n;
}

const char *
control_sockets_state(const struct program *p)
{
	const struct progconf *pc = p->conf;

	if (pc->nlisten == 0 || !(pc->accept || pc->on_demand) ||
	    pstate_active(p->ps.state) || p->start_pending ||
	    p->ps.state == PS_FATAL || supervise_shutting_down())
		return NULL;
	return "LISTENING";
}

void
control_sockets_info(const struct program *p, char *buf, size_t len)
{
	struct accept_counts ac, sum = { 0, 0, 0 };
	struct sock *s;
	int i;

	buf[0] = '\0';
	if (!p->conf->accept)
		return;
	for (i = 0; i < sockets_count(); i++) {
		s = sockets_at(i);
		if (strcmp(s->prog, p->conf->base) == 0 &&
		    accept_counts(s, &ac)) {
			sum.accepted += ac.accepted;
			sum.refused += ac.refused;
		}
	}
	snprintf(buf, len, "connections: %d active (max %d), %llu accepted,"
	    " %llu refused", accept_active(p->conf->base),
	    p->conf->max_connections, (unsigned long long)sum.accepted,
	    (unsigned long long)sum.refused);
}

int
control_sockets_put_instances(struct proto_buf *out, const struct program *p)
{
	struct accept_inst_info ii;
	char name[160], info[160];
	int i, n = 0;

	if (!p->conf->accept)
		return 0;
	for (i = 0; accept_instance(i, &ii); i++) {
		if (strcmp(ii.prog, p->conf->base) != 0)
			continue;
		snprintf(name, sizeof name, "%s#%u", ii.prog, ii.n);
		snprintf(info, sizeof info, "peer %s", ii.peer);
		proto_begin(out, MSG_PROGRAM);
		proto_put_str(out, K_NAME, name);
		proto_put_str(out, K_STATE, "RUNNING");
		proto_put_int(out, K_PID, ii.pid);
		proto_put_int(out, K_UPTIME_MS, loop_update_now() - ii.started);
		proto_put_int(out, K_RESTARTS, 0);
		proto_put_int(out, K_DAEMON, p->conf->daemon);
		proto_put_str(out, K_PEER, ii.peer);
		proto_put_str(out, K_REASON, info);
		proto_put_str(out, K_COMMAND, p->conf->command);
		proto_end(out);
		n++;
	}
	return n;
}
