#!/bin/sh
# psd-http's /metrics carries pools' and sockets' counts once psd has
# them: a pool's workers, queued, running, done and failed jobs after one
# job that exits 0 and one that exits 1; an accept = true socket's
# accepted connections after two clients, and its active instances back
# at 0 once they ended.  promtool accepts the exposition.
. "$(dirname "$0")/../lib.sh"

HTTPD="$TOOLS/psd-http"
[ -x "$HTTPD" ] || skip_all "psd-http not built (configure found no libmicrohttpd-dev)"
command -v curl >/dev/null || skip_all "curl is not installed (.ci/setup --test)"

PORT=$(free_port)
ECHO=$(free_port)
URL="http://127.0.0.1:$PORT"
cat > "$T/psd.ini" <<EOF
[pool:batch]
workers = 2

[program:echo]
command = cat
listen = tcp:127.0.0.1:$ECHO
accept = true

[program:http]
command = $HTTPD --listen 127.0.0.1:$PORT --cache 0 -s "$T/sock"
daemon = true
EOF

code_is() {	# code_is PATH CODE
	[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$URL$1")" = "$2" ]
}
series() {	# series 'NAME{LABELS}': its value in /metrics (empty if none)
	curl -s --max-time 10 "$URL/metrics" | grep -F "$1 " | sed 's/.* //'
}
series_is() {	# series_is 'NAME{LABELS}' VALUE
	[ "$(series "$1")" = "$2" ]
}
client() {	# a connection to echo: one line there and back
	/usr/bin/python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"hello\n")
s.shutdown(socket.SHUT_WR)
print(s.makefile().read().strip())' "$ECHO"
}

S="{program=\"echo\",listen=\"tcp:127.0.0.1:$ECHO\"}"
for mode in $MODES; do
	start_cfg $mode "$T/psd.ini"
	wait_for code_is /healthz 200
	is "$(series 'psd_pool_workers{pool="batch"}')" 2 \
	    "$mode: psd_pool_workers of batch"
	is "$(series 'psd_pool_jobs_done_total{pool="batch"}')" 0 \
	    "$mode: no job done yet"
	ctl run batch -- true >/dev/null
	ctl run batch -- sh -c 'exit 1' >/dev/null 2>&1
	is "$(series 'psd_pool_jobs_done_total{pool="batch"}')" 1 \
	    "$mode: a job that exited 0 is done"
	is "$(series 'psd_pool_jobs_failed_total{pool="batch"}')" 1 \
	    "$mode: a job that exited 1 failed"
	is "$(series 'psd_pool_jobs_queued{pool="batch"}')/$(series 'psd_pool_jobs_running{pool="batch"}')" \
	    0/0 "$mode: none queued or running after they ended"

	is "$(series "psd_socket_connections_accepted_total$S")" 0 \
	    "$mode: no connection accepted yet"
	is "$(client)" hello "$mode: echo answers a first client"
	is "$(client)" hello "$mode: and a second"
	is "$(series "psd_socket_connections_accepted_total$S")" 2 \
	    "$mode: two connections accepted"
	wait_for series_is "psd_socket_connections_active$S" 0
	ok $? "$mode: no instance active once both ended"
	is "$(series "psd_socket_connections_refused_total$S")" 0 \
	    "$mode: none refused"
	curl -s "$URL/metrics" > "$T/metrics"
	like "$(grep '^# TYPE psd_pool_jobs_failed_total ' "$T/metrics")" \
	    ' counter$' "$mode: failed jobs are a counter"
	like "$(grep '^# TYPE psd_socket_connections_active ' "$T/metrics")" \
	    ' gauge$' "$mode: active connections are a gauge"
	if command -v promtool >/dev/null; then
		promtool check metrics < "$T/metrics" > "$T/promtool" 2>&1
		ok $? "$mode: promtool check metrics accepts the exposition"
	fi
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
done
done_testing
