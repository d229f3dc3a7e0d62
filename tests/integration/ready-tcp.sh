#!/bin/sh
# ready = tcp:[HOST:]PORT: READY once a connect() to the port succeeds
# (a non-blocking connect in psd's loop, tried every ready_interval);
# dependents start only then.  HOST may be an address or a name.
. "$(dirname "$0")/../lib.sh"

server() {	# server PORT: listen on 127.0.0.1:PORT after 0.3 s
	echo "python3 -c \"import socket, time; time.sleep(0.3); s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $1)); s.listen(16); time.sleep(600)\""
}
for mode in $MODES; do
	p1=$(free_port)
	p2=$(free_port)
	cat > "$T/psd.ini" <<EOF
[program:byport]
command = $(server "$p1")
ready = tcp:$p1
ready_interval = 20ms
start_seconds = 0

[program:byname]
command = $(server "$p2")
ready = tcp:localhost:$p2
ready_interval = 20ms
start_seconds = 0

[program:client]
command = bash -c 'if exec 3<>/dev/tcp/127.0.0.1/$p1 && exec 4<>/dev/tcp/127.0.0.1/$p2; then echo connected; else echo refused; fi > "$T/client"; exec sleep 600'
depends_on = byport byname
EOF
	rm -f "$T/client"
	start_cfg $mode "$T/psd.ini"
	wait_for test -s "$T/client"
	is "$(cat "$T/client")" connected "$mode: the dependent's first connects succeed"
	is "$(state_of byport)" READY "$mode: tcp:PORT (127.0.0.1): READY"
	is "$(state_of byname)" READY "$mode: tcp:localhost:PORT: READY"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
done
done_testing
