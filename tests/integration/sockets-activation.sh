#!/bin/sh
# listen = with accept = false: the program gets psd's sockets as fds 3...
# with LISTEN_FDS, LISTEN_PID (its own pid) and LISTEN_FDNAMES, as
# sd_listen_fds(3) reads them; the same program under systemd-socket-
# activate sees the same.  gunicorn serves on them.  start = on_demand
# starts the program at the first connection.
. "$(dirname "$0")/../lib.sh"

PY=/usr/bin/python3
LOAD="$PY $(cd "$(dirname "$0")/.." && pwd)/sockload.py"
SERVE="$(cd "$(dirname "$0")/.." && pwd)/sockserve.py"
cat > "$T/check.py" <<'EOF'
import os, socket
n = int(os.environ.get("LISTEN_FDS", "0"))
out = ["fds=%d" % n, "pid_ok=%s" % (os.environ.get("LISTEN_PID") == str(os.getpid()))]
for fd in range(3, 3 + n):
    s = socket.socket(fileno=fd)
    out.append("fd%d=%s/%s/listening=%d" % (fd, s.family.name, s.type.name,
        s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)))
    s.detach()
try:
    os.fstat(3 + n)
    out.append("extra-fd-open")
except OSError:
    pass
out.append("names=" + os.environ.get("LISTEN_FDNAMES", ""))
with open(os.environ["OUT"], "w") as f:
    f.write(" ".join(out) + "\n")
EOF

p1=$(free_port)
cat > "$T/psd.ini" <<EOF
[program:check]
command = $PY $T/check.py
environment = OUT=$T/psd.txt
listen = tcp:127.0.0.1:$p1 unix:$T/check.sock
socket_user = nobody
socket_group = nogroup
socket_mode = 0660
restart = never
daemon = true
EOF
start_cfg sub "$T/psd.ini"
wait_for test -s "$T/psd.txt"
is "$(cat "$T/psd.txt")" \
    "fds=2 pid_ok=True fd3=AF_INET/SOCK_STREAM/listening=1 fd4=AF_UNIX/SOCK_STREAM/listening=1 names=check:check" \
    "two sockets on fds 3 and 4, LISTEN_PID its own pid, names"
is "$(stat -c %U:%G:%a "$T/check.sock")" "nobody:nogroup:660" \
    "the unix socket's owner, group and mode: socket_user, socket_group, socket_mode"
ctl shutdown >/dev/null
wait_psd
is "$PSD_STATUS" 0 "clean shutdown"
test ! -e "$T/check.sock"
ok $? "psd removes the unix socket it made"

# The same program under systemd-socket-activate, on one socket.
if command -v systemd-socket-activate >/dev/null; then
	p2=$(free_port)
	cat > "$T/psd1.ini" <<EOF
[program:check]
command = $PY $T/check.py
environment = OUT=$T/psd1.txt
listen = tcp:127.0.0.1:$p2
restart = never
daemon = true
EOF
	start_cfg sub "$T/psd1.ini"
	wait_for test -s "$T/psd1.txt"
	ctl shutdown >/dev/null
	wait_psd
	p3=$(free_port)
	OUT="$T/ssa.txt" systemd-socket-activate -l 127.0.0.1:$p3 \
	    -E OUT --fdname=check $PY "$T/check.py" >/dev/null 2>&1 &
	ssa=$!
	own_pid $ssa
	# it starts the program at the first connection
	wait_for sh -c "$LOAD ask 127.0.0.1 $p3 x >/dev/null 2>&1; test -s '$T/ssa.txt'"
	kill $ssa 2>/dev/null
	wait $ssa 2>/dev/null
	is "$(cat "$T/psd1.txt")" "$(cat "$T/ssa.txt")" \
	    "what the program sees: the same as under systemd-socket-activate"
else
	ok 0 "# SKIP systemd-socket-activate is not installed"
fi

# gunicorn takes LISTEN_FDS (it binds nothing itself).
get() {
	$PY -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$1/', timeout=30).read().decode().strip())" 2>&1
}
if $PY -c 'import gunicorn' 2>/dev/null; then
	p4=$(free_port)
	cat > "$T/app.py" <<'EOF'
def application(env, start):
    start("200 OK", [("Content-Type", "text/plain")])
    return [b"hello from gunicorn\n"]
EOF
	cat > "$T/web.ini" <<EOF
[program:web]
command = $PY -m gunicorn --chdir $T --workers 1 app:application
listen = tcp:127.0.0.1:$p4
daemon = true
EOF
	start_cfg sub "$T/web.ini"
	is "$(get $p4)" "hello from gunicorn" "gunicorn serves on the socket psd holds"
	ctl restart web >/dev/null
	is "$(get $p4)" "hello from gunicorn" "and right after a restart"
	ctl shutdown >/dev/null
	wait_psd
else
	ok 0 "# SKIP python3-gunicorn is not installed"
	ok 0 "# SKIP python3-gunicorn is not installed"
fi

# start = on_demand: nothing runs until a connection comes.
p5=$(free_port)
cat > "$T/od.ini" <<EOF
[program:srv]
command = $PY $SERVE
listen = tcp:127.0.0.1:$p5
start = on_demand
restart = on-failure
start_seconds = 0
EOF
start_cfg sub "$T/od.ini"
is "$(state_of srv)" LISTENING "on_demand: LISTENING before any connection"
like "$($LOAD ask 127.0.0.1 $p5)" "^pong [0-9]+$" \
    "the first connection starts it and is answered"
is "$(state_of srv)" RUNNING "then it runs"
ctl stop srv >/dev/null
wait_for state_is srv LISTENING
ok $? "stopped: LISTENING again"
like "$($LOAD ask 127.0.0.1 $p5)" "^pong [0-9]+$" \
    "the next connection starts it again"
ctl shutdown >/dev/null
wait_psd
is "$PSD_STATUS" 0 "clean shutdown"
done_testing
