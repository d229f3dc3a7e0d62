#!/bin/sh
# The control socket's life: a second psd on a live socket refuses to
# start and leaves it alone; a stale socket (psd killed) is probed and
# replaced; psd removes its socket at exit, but not one that replaced it;
# a plain file in the way is never removed; the mode ignores the umask;
# the path comes from -s, $PSD_SOCKET, [psd] socket, $XDG_RUNTIME_DIR.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:web]
command = sleep 600
start_seconds = 100ms
daemon = true
EOF
inode() {
	stat -c %i "$1"
}
for mode in $MODES; do
	start_cfg $mode "$T/psd.ini"
	wait_for state_is web RUNNING
	first=$PSD_PID first_wrap=$WRAP_PID
	ino=$(inode "$T/sock")
	pid=$(ctl --json status web | json 'j["programs"][0]["pid"]')

	"$PSD" -c "$T/psd.ini" --socket "$T/sock" > "$T/out2" 2> "$T/err2"
	is "$?" 3 "$mode: a second psd on a live socket exits 3"
	is "$(cat "$T/err2")" "psd: another psd is running on $T/sock (use --socket or PSD_SOCKET for a second one)" \
	    "$mode: ... saying why"
	is "$(inode "$T/sock")" "$ino" "$mode: ... and leaves the socket alone"
	is "$(ctl --json status web | json 'j["programs"][0]["pid"]')" "$pid" \
	    "$mode: the first psd answers on, its program untouched"

	# Killed without a chance to clean up: the socket file stays.
	kill -KILL "$first"
	wait "$first_wrap" 2>/dev/null
	ok $([ -S "$T/sock" ] && echo 0 || echo 1) "$mode: psd killed: a stale socket is left"
	ctl ping 2> "$T/e"
	is "$?" 5 "$mode: psctl on it: unreachable (5)"
	is "$(cat "$T/e")" "psctl: cannot connect to $T/sock: Connection refused -- is psd running?" \
	    "$mode: ... Connection refused -- is psd running?"
	start_psd $mode -v -c "$T/psd.ini" --socket "$T/sock"
	wait_for ctl_ping
	ok $? "$mode: a new psd replaces the stale socket"
	like "$(cat "$T/err")" "control: replacing stale socket $T/sock" "$mode: ... and says so at -v"
	ctl shutdown >/dev/null
	wait_psd
	ok $([ ! -e "$T/sock" ] && echo 0 || echo 1) "$mode: psd removes its socket at exit"

	# The socket was moved away and another psd took the path: the first
	# one, exiting, must not remove the second one's socket.
	start_cfg $mode "$T/psd.ini"
	first=$PSD_PID first_wrap=$WRAP_PID
	mv "$T/sock" "$T/sock.old"
	"$PSD" -c "$T/psd.ini" --socket "$T/sock" > "$T/out2" 2> "$T/err2" &
	second=$!
	echo "$second" >> "$T/.pids"
	wait_for ctl_ping
	"$PSCTL" -s "$T/sock.old" shutdown > /dev/null
	wait_for gone "$first"
	wait "$first_wrap" 2>/dev/null
	ctl ping >/dev/null 2>&1
	is "$?" 0 "$mode: a psd exiting leaves a socket that is not its own"
	ctl shutdown >/dev/null
	wait "$second"
	is "$?" 0 "$mode: ... the other psd ends normally"
done

# A plain file where the socket should be: never removed.
echo precious > "$T/file"
"$PSD" -c "$T/psd.ini" --socket "$T/file" > /dev/null 2> "$T/e"
is "$?" 3 "a plain file at the socket path: psd exits 3"
is "$(cat "$T/e")" "psd: $T/file exists and is not a socket; psd will not replace it" \
    "... saying why"
is "$(cat "$T/file")" precious "... and the file is intact"

# The mode does not depend on psd's umask.
(umask 000; exec "$PSD" -c "$T/psd.ini" --socket "$T/sock" > /dev/null 2>&1) &
echo $! >> "$T/.pids"
wait_for ctl_ping
is "$(stat -c %a "$T/sock")" 600 "umask 000: the socket is still 0600"

# Where psctl looks: -s, then $PSD_SOCKET.
PSD_SOCKET=$T/sock "$PSCTL" ping >/dev/null
is "$?" 0 "psctl finds psd through \$PSD_SOCKET"
PSD_SOCKET=$T/sock "$PSCTL" -s "$T/nothing" ping 2> "$T/e"
like "$(cat "$T/e")" "cannot connect to $T/nothing:" "-s wins over \$PSD_SOCKET"
ctl shutdown >/dev/null

# Where psd listens: $PSD_SOCKET over [psd] socket.
printf '[psd]\nsocket = %s\n[program:web]\ncommand = sleep 600\n' "$T/cfg.sock" > "$T/s.ini"
PSD_SOCKET=$T/env.sock "$PSD" -c "$T/s.ini" > /dev/null 2>&1 &
echo $! >> "$T/.pids"
wait_for "$PSCTL" -s "$T/env.sock" ping
ok $? "psd listens on \$PSD_SOCKET, over [psd] socket"
"$PSCTL" -s "$T/env.sock" shutdown >/dev/null
"$PSD" -c "$T/s.ini" > /dev/null 2>&1 &
echo $! >> "$T/.pids"
wait_for "$PSCTL" -s "$T/cfg.sock" ping
ok $? "... and on [psd] socket without it"
"$PSCTL" -s "$T/cfg.sock" shutdown >/dev/null

# A user other than root: $XDG_RUNTIME_DIR/psd.sock.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$PSCTL" --version >/dev/null 2>&1; then
	env -u PSD_SOCKET XDG_RUNTIME_DIR=/nonexistent/run \
	    setpriv --reuid=nobody --regid=nogroup --clear-groups "$PSCTL" ping 2> "$T/e"
	like "$(cat "$T/e")" "cannot connect to /nonexistent/run/psd.sock:" \
	    "another user: \$XDG_RUNTIME_DIR/psd.sock"
fi
done_testing
