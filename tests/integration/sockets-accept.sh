#!/bin/sh
# accept = true: psd accepts and runs one instance per connection, the
# connection on fds 0, 1 and 3 (LISTEN_FDS=1), REMOTE_ADDR/REMOTE_PORT
# set; at most max_connections at once, the rest wait in the backlog.
# The same programs under tcpserver and systemd-socket-activate --accept
# give the same replies.
. "$(dirname "$0")/../lib.sh"

PY=/usr/bin/python3
LOAD="$PY $(cd "$(dirname "$0")/.." && pwd)/sockload.py"
ECHO_ENV='read line; echo "$line from $REMOTE_ADDR fds=$LISTEN_FDS pid_ok=$([ "$LISTEN_PID" = $$ ] && echo y)"; echo "to stderr" >&2'

pe=$(free_port)
pv=$(free_port)
pm=$(free_port)
cat > "$T/psd.ini" <<EOF
[program:echo]
command = cat
listen = tcp:127.0.0.1:$pe
accept = true

[program:env]
command = sh -c '$ECHO_ENV'
listen = tcp:127.0.0.1:$pv
accept = true

[program:pool]
command = sh -c 'read line; echo "\$line"'
listen = tcp:127.0.0.1:$pm
accept = true
max_connections = 2
EOF
start_cfg sub "$T/psd.ini"
is "$($LOAD ask 127.0.0.1 $pe "hello echo")" "hello echo" "cat as an echo server"
is "$($LOAD ask 127.0.0.1 $pv "hi")" "hi from 127.0.0.1 fds=1 pid_ok=y" \
    "sh -c: REMOTE_ADDR, LISTEN_FDS=1, LISTEN_PID its own"
wait_for file_has "$T/err" "^env +\| to stderr"
ok $? "an instance's stderr is prefixed into psd's log"

# max_connections = 2: a third connection waits, and is not refused.
$PY - "$pm" "$PSCTL" "$T/sock" > "$T/pool.txt" 2>&1 <<'EOF'
import json, socket, subprocess, sys, time
port, psctl, sock = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def sockets():
    j = json.loads(subprocess.run([psctl, "-s", sock, "--json", "sockets"],
        capture_output=True, text=True).stdout)
    return [s for s in j["sockets"] if s["program"] == "pool"][0], j["connections"]
cs = []
for i in range(3):
    c = socket.create_connection(("127.0.0.1", port), timeout=20)
    cs.append(c)
deadline = time.time() + 20
while time.time() < deadline:
    s, conns = sockets()
    if s["active"] == 2:
        break
    time.sleep(0.01)
print("active=%d accepted=%d refused=%d" % (s["active"], s["accepted"], s["refused"]))
print("names=" + ",".join(sorted(c["name"].split("#")[0] for c in conns if c["program"] == "pool")))
cs[2].settimeout(0.3)
cs[2].sendall(b"third\n")
try:
    got = cs[2].recv(100)
    print("third answered early: %r" % got)
except socket.timeout:
    print("third waits")
cs[0].sendall(b"first\n")
print(cs[0].recv(100).decode().strip())
cs[2].settimeout(20)
print(cs[2].recv(100).decode().strip())
cs[1].sendall(b"second\n")
print(cs[1].recv(100).decode().strip())
EOF
is "$(cat "$T/pool.txt")" "active=2 accepted=2 refused=0
names=pool,pool
third waits
first
third
second" "max_connections = 2: two run, the third waits in the backlog, none refused"
ctl status > "$T/status.txt"
ok $? "psctl status with accept programs: all up (LISTENING)"
like "$(grep '^pool ' "$T/status.txt")" "LISTENING .*0 refused" \
    "psctl status shows the counts"
ctl shutdown >/dev/null
wait_psd
is "$PSD_STATUS" 0 "clean shutdown"

# Side by side: the same programs under tcpserver and
# systemd-socket-activate --accept --inetd.
if command -v tcpserver >/dev/null; then
	pt=$(free_port)
	tcpserver -q -H -R -l 0 127.0.0.1 $pt cat &
	tcps=$!
	own_pid $tcps
	wait_for sh -c "$LOAD ask 127.0.0.1 $pt x >/dev/null"
	is "$($LOAD ask 127.0.0.1 $pt "hello echo")" "hello echo" \
	    "tcpserver: the same echo"
	pt2=$(free_port)
	tcpserver -q -H -R -l 0 127.0.0.1 $pt2 sh -c 'read line; echo "$line from $TCPREMOTEIP"' &
	tcps2=$!
	own_pid $tcps2
	wait_for sh -c "$LOAD ask 127.0.0.1 $pt2 x >/dev/null"
	is "$($LOAD ask 127.0.0.1 $pt2 "hi")" "hi from 127.0.0.1" \
	    "tcpserver's TCPREMOTEIP: what psd gives as REMOTE_ADDR"
	kill $tcps $tcps2
	wait $tcps $tcps2 2>/dev/null
else
	ok 0 "# SKIP ucspi-tcp is not installed"
	ok 0 "# SKIP ucspi-tcp is not installed"
fi
if command -v systemd-socket-activate >/dev/null; then
	ps_=$(free_port)
	systemd-socket-activate --accept --inetd -l 127.0.0.1:$ps_ cat \
	    >/dev/null 2>&1 &
	ssa=$!
	own_pid $ssa
	wait_for sh -c "$LOAD ask 127.0.0.1 $ps_ x >/dev/null"
	is "$($LOAD ask 127.0.0.1 $ps_ "hello echo")" "hello echo" \
	    "systemd-socket-activate --accept: the same echo"
	ps2=$(free_port)
	systemd-socket-activate --accept -l 127.0.0.1:$ps2 sh -c \
	    'read line <&3; echo "$line fds=$LISTEN_FDS pid_ok=$([ "$LISTEN_PID" = $$ ] && echo y)" >&3' \
	    >/dev/null 2>&1 &
	ssa2=$!
	own_pid $ssa2
	wait_for sh -c "$LOAD ask 127.0.0.1 $ps2 x >/dev/null"
	is "$($LOAD ask 127.0.0.1 $ps2 "hi")" "hi fds=1 pid_ok=y" \
	    "systemd-socket-activate --accept: LISTEN_FDS=1 and LISTEN_PID, as psd sets them"
	kill $ssa $ssa2
	wait $ssa $ssa2 2>/dev/null
else
	ok 0 "# SKIP systemd-socket-activate is not installed"
	ok 0 "# SKIP systemd-socket-activate is not installed"
fi
done_testing
