# tests/lib.sh: shared by the integration tests (sourced, POSIX sh + bash).
#
# Each test script states one behaviour, prints TAP, and usually runs its
# scenario twice: with psd as PID 1 of a new PID namespace (unshare) and
# with psd as a plain subreaper.  Waits are on events (a file, a pid, a
# socket) with a bounded retry, never a bare sleep.  The scratch directory
# is kept only when something failed.

: "${PSD:?PSD must point at the psd binary}"
: "${PSCTL:=$(dirname "$PSD")/psctl}"
: "${TOOLS:=$(dirname "$PSD")}"
: "${HELPERS:=$(dirname "$PSD")/tests/helpers}"
# A budget bounds a hang (each wait, each run of psd on its own); it
# must never be tight: a passing test does not wait it out, and a loaded
# 2-core machine running the sanitizer build is slow.
: "${TEST_TIMEOUT:=60}"
export TEST_TIMEOUT

T=$(mktemp -d "${TMPDIR:-/tmp}/psd-test.XXXXXX")
export T
tap_n=0
tap_failed=0

# The shell that sourced this file.  bash runs an inherited EXIT trap in
# a subshell killed between its fork and its reset of the traps (the
# watchdog in run_psd, killed at once when psd exits fast): only the
# main shell may clean up, or $T vanishes under the running test.
read -r _lib_main _lib_rest < /proc/self/stat

cleanup() {
	read -r _lib_self _lib_rest < /proc/self/stat
	[ "$_lib_self" = "$_lib_main" ] || return 0
	# Kill whatever a failed test left behind, then drop the scratch dir.
	# A PID:START entry is killed only if it is still that process: one
	# that exited long ago may be another test's now (pids wrap fast on
	# a busy machine).
	for p in $(cat "$T"/.pids 2>/dev/null); do
		case $p in
		*:*)	[ "$(start_time "${p%%:*}")" = "${p#*:}" ] || continue
			p=${p%%:*} ;;
		esac
		kill -KILL "$p" 2>/dev/null
	done
	if [ "$tap_failed" -eq 0 ]; then
		rm -rf "$T"
	else
		echo "# scratch kept in $T"
	fi
}
trap cleanup EXIT

# start_time PID: when PID started (clock ticks after boot), or nothing.
start_time() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# own_pid PID: kill PID at the end of the test if it still runs then.
own_pid() {
	echo "$1:$(start_time "$1")" >> "$T/.pids"
}

ok() {	# ok COND-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

is() {	# is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
	fi
}

like() {	# like GOT REGEX DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want: /$2/"
	fi
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

# wait_for CMD...: retry CMD every 10 ms until it succeeds or TEST_TIMEOUT.
wait_for() {
	_deadline=$(( $(date +%s) + TEST_TIMEOUT ))
	while ! "$@" 2>/dev/null; do
		if [ "$(date +%s)" -ge "$_deadline" ]; then
			diag "timed out waiting for: $*"
			return 1
		fi
		sleep 0.01
	done
	return 0
}

file_has() {	# file_has FILE REGEX
	grep -Eq -- "$2" "$1" 2>/dev/null
}

gone() {	# gone PID: the process no longer exists (or is a zombie)
	[ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# The process under the unshare wrapper (psd, as seen from here).
child_of() {
	cat "/proc/$1/task/$1/children" 2>/dev/null | awk '{print $1}'
}

# start_psd MODE ARGS...: start psd in the background.  MODE is ns (PID 1
# of a new PID namespace) or sub (subreaper).  Sets PSD_PID (psd's pid
# here) and WRAP_PID (the process whose exit status is psd's).  psd's
# stdout and stderr go to $T/out (or PSD_STDOUT) and $T/err.  PSD_WRAP, if set, is an
# executable that sets something up and then execs "$@" (psd), inside the
# namespace.
start_psd() {
	_mode=$1; shift
	: > "$T/out"; : > "$T/err"
	if [ "$_mode" = ns ]; then
		unshare --fork --pid --mount-proc --kill-child -- $PSD_WRAP "$PSD" "$@" \
		    < "${PSD_STDIN:-/dev/null}" > "${PSD_STDOUT:-$T/out}" 2> "$T/err" &
		WRAP_PID=$!
		# psd may be done before we look: then there is no pid to know.
		PSD_PID=
		wait_for psd_found || return 1
	else
		$PSD_WRAP "$PSD" "$@" < "${PSD_STDIN:-/dev/null}" \
		    > "${PSD_STDOUT:-$T/out}" 2> "$T/err" &
		WRAP_PID=$!
		PSD_PID=$WRAP_PID
	fi
	own_pid "$WRAP_PID"	# unshare --kill-child takes psd along
}

psd_found() {
	PSD_PID=$(child_of "$WRAP_PID")
	[ -n "$PSD_PID" ] || gone "$WRAP_PID"
}

# wait_psd: wait for psd to exit (bounded); sets PSD_STATUS.
wait_psd() {
	if ! wait_for gone "${PSD_PID:-$WRAP_PID}"; then
		diag "psd did not end in ${TEST_TIMEOUT}s: $(grep -E \
		    '^(State|SigPnd|ShdPnd):' "/proc/${PSD_PID:-$WRAP_PID}/status" \
		    2>/dev/null | tr '\n\t' '  ') wchan $(cat \
		    "/proc/${PSD_PID:-$WRAP_PID}/wchan" 2>/dev/null)"
		kill -KILL "$PSD_PID" 2>/dev/null
		PSD_STATUS=timeout
		wait "$WRAP_PID" 2>/dev/null
		return 1
	fi
	wait "$WRAP_PID"
	PSD_STATUS=$?
}

# watchdog MARKER PID: after TEST_TIMEOUT seconds, touch MARKER and
# SIGKILL PID, having written what PID and its children were doing to
# MARKER.why (state, wait channel, kernel stack).  Sets WATCHDOG; unwatch
# WATCHDOG stops it.  It runs in a session of its own so that stopping it
# takes its sleep too.
watchdog() {
	setsid sh -c 'sleep "$1" || exit
	for p in "$3" $(cat /proc/"$3"/task/*/children 2>/dev/null); do
		echo "pid $p: $(tr "\0" " " < /proc/$p/cmdline 2>/dev/null)"
		grep -E "^(State|SigBlk|SigIgn|SigPnd|ShdPnd):" /proc/$p/status
		echo "wchan: $(cat /proc/$p/wchan 2>/dev/null)"
		head -n 8 /proc/$p/stack 2>/dev/null
	done > "$2.why" 2>&1
	touch "$2" && kill -KILL "$3"' watchdog \
	    "$TEST_TIMEOUT" "$1" "$2" >/dev/null 2>&1 &
	WATCHDOG=$!
}

unwatch() {
	kill -- "-$1" 2>/dev/null || kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# run_psd MODE ARGS...: run psd to completion; sets PSD_STATUS.  A
# watchdog (a timer, not a poll) kills it after TEST_TIMEOUT seconds.
run_psd() {
	_mode=$1; shift
	rm -f "$T/.timedout"
	if [ "$_mode" = ns ]; then
		unshare --fork --pid --mount-proc --kill-child -- $PSD_WRAP \
		    "$PSD" "$@" < "${PSD_STDIN:-/dev/null}" > "$T/out" 2> "$T/err" &
	else
		$PSD_WRAP "$PSD" "$@" < "${PSD_STDIN:-/dev/null}" > "$T/out" \
		    2> "$T/err" &
	fi
	WRAP_PID=$!
	watchdog "$T/.timedout" $WRAP_PID
	_watch=$WATCHDOG
	wait $WRAP_PID
	PSD_STATUS=$?
	unwatch $_watch
	if [ -e "$T/.timedout" ]; then
		PSD_STATUS=timeout
		diag "psd did not end in ${TEST_TIMEOUT}s; before it was killed:"
		diag "$(cat "$T/.timedout.why" 2>/dev/null)"
	fi
	rm -f "$T/.timedout.why"
	return 0
}

# Pids of every descendant of PID (from this side's /proc).
descendants() {
	ps -e -o pid=,ppid= | awk -v root="$1" '
		{ parent[$1] = $2; pids[NR] = $1 }
		END {
			for (i = 1; i <= NR; i++) {
				p = pids[i]; q = parent[p]; n = 0
				while (q != "" && q != 0 && q != root && n++ < 64)
					q = parent[q]
				if (q == root) print p
			}
		}'
}

# Number of zombies among PID's descendants.
zombies_under() {
	n=0
	for p in $(descendants "$1"); do
		[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = Z ] && n=$((n + 1))
	done
	echo $n
}

# wrapper NAME BODY: an executable $T/NAME that runs BODY, then execs "$@".
wrapper() {
	printf '#!/bin/sh\n%s\nexec "$@"\n' "$2" > "$T/$1"
	chmod +x "$T/$1"
	echo "$T/$1"
}

MODES="ns sub"

# start_cfg MODE FILE [ARGS...]: psd -c FILE with its control socket in
# $T; returns once the socket accepts connections.
start_cfg() {
	_m=$1; _f=$2; shift 2
	rm -f "$T/sock"
	start_psd "$_m" -c "$_f" --socket "$T/sock" "$@" && wait_for ctl_ping
}

ctl_ping() {
	ctl ping >/dev/null 2>&1
}

ctl() {
	"$PSCTL" -s "$T/sock" "$@"
}

# json EXPR: evaluate a Python expression on psctl --json output (j).
json() {
	python3 -c "import json, sys; j = json.load(sys.stdin); print($1)"
}

state_of() {
	ctl --json status "$1" 2>/dev/null | json 'j["programs"][0]["state"]'
}

state_is() {	# state_is NAME STATE
	[ "$(state_of "$1")" = "$2" ]
}

# lines FILE: the number of lines in FILE (0 if missing).
lines() {
	if [ -e "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi
}

lines_at_least() {	# lines_at_least FILE N
	[ "$(lines "$1")" -ge "$2" ]
}

# free_port: a TCP port on 127.0.0.1 nobody listens on right now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# need_user NAME: make an unprivileged user for a test (root only).
need_user() {
	id "$1" >/dev/null 2>&1 ||
	    useradd --system --no-create-home --shell /usr/sbin/nologin "$1" \
	    >/dev/null 2>&1
	id "$1" >/dev/null 2>&1
}
