#!/bin/sh
# Bad listen = input: one line naming FILE:LINE: [program:X] key and
# what was wrong, exit 2, and nothing started (psd binds every socket
# before it starts any program).
. "$(dirname "$0")/../lib.sh"

PY=/usr/bin/python3

# bad_cfg LISTEN-LINE [MORE KEYS]: a config whose program:web has them,
# beside a program that would leave a mark if it ran.
bad_cfg() {
	printf '[program:good]\ncommand = touch %s/started\n\n[program:web]\ncommand = cat\nlisten = %s\n%s\n' \
	    "$T" "$1" "${2:-}" > "$T/bad.ini"
}
# refused DESCRIPTION EXPECTED-ERR: run psd on bad.ini, check it refused.
refused() {
	rm -f "$T/started"
	run_psd sub -c "$T/bad.ini" --socket "$T/sock"
	is "$PSD_STATUS" 2 "$1: exit 2"
	is "$(cat "$T/err")" "$2" "$1: one line naming file:line:key"
	ok $([ ! -e "$T/started" ] && echo 0 || echo 1) "$1: nothing started"
}

bad_cfg "tcp:127.0.0.1"
refused "no port" \
    "psd: $T/bad.ini:6: [program:web] listen: \"tcp:127.0.0.1\" has no port; expected tcp:HOST:PORT"

bad_cfg "tcp:example.com:80"
refused "a name, not an address" \
    "psd: $T/bad.ini:6: [program:web] listen: \"tcp:example.com:80\": \"example.com\" is not an IPv4 address (use tcp6:[ADDR]:PORT for IPv6; names are not looked up, except localhost)"

bad_cfg "tcp:127.0.0.1:99999"
refused "a port out of range" \
    "psd: $T/bad.ini:6: [program:web] listen: \"tcp:127.0.0.1:99999\": \"99999\" is not a port (1-65535)"

bad_cfg "http://127.0.0.1:80"
refused "an unknown kind" \
    "psd: $T/bad.ini:6: [program:web] listen: \"http://127.0.0.1:80\" is not a listen address; expected tcp:HOST:PORT, tcp6:[ADDR]:PORT, udp:HOST:PORT, udp6:[ADDR]:PORT or unix:PATH"

bad_cfg "unix:$T/no/such/dir/web.sock"
refused "a unix path in a missing directory" \
    "psd: $T/bad.ini:6: [program:web] listen: unix:$T/no/such/dir/web.sock: bind: No such file or directory"

p=$(free_port)
$PY -c "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', $p)); s.listen(1); open('$T/busy', 'w').close(); time.sleep(600)" &
busy=$!
own_pid $busy
wait_for test -e "$T/busy"
bad_cfg "tcp:127.0.0.1:$p"
refused "a port in use" \
    "psd: $T/bad.ini:6: [program:web] listen: tcp:127.0.0.1:$p: bind: Address already in use"
kill $busy

bad_cfg "tcp:127.0.0.1:$(free_port)" "accept = true
instances = 2"
refused "accept = true with instances > 1" \
    "psd: $T/bad.ini:7: [program:web] accept: accept = true starts one instance per connection; it cannot go with instances = 2 (use max_connections)"

u=$(free_port)
bad_cfg "udp:127.0.0.1:$u" "accept = true"
refused "accept = true on a datagram socket" \
    "psd: $T/bad.ini:7: [program:web] accept: accept = true needs stream sockets; \"udp:127.0.0.1:$u\" is a datagram socket"

bad_cfg "unix:$T/web.sock" "socket_user = no-such-user-psd"
refused "socket_user: no such user" \
    "psd: $T/bad.ini:7: [program:web] socket_user: no such user \"no-such-user-psd\""

printf '[program:web]\ncommand = cat\naccept = true\n' > "$T/bad.ini"
refused "accept without listen" \
    "psd: $T/bad.ini:3: [program:web] accept: needs listen = (the sockets psd holds for the program)"
done_testing
