#!/bin/sh
# Invoked as tini, dumb-init or catatonit, psd takes that tool's command
# line: the same exit status and the same stream (stdout or stderr) for
# help, version, no command, a bad option, a bad value; and its
# environment variables.  Checked side by side with the real tools where
# they are installed (.ci/setup --test installs them).
. "$(dirname "$0")/../lib.sh"

mkdir "$T/bin"
for n in tini dumb-init catatonit; do ln -s "$PSD" "$T/bin/$n"; done

# shape CMD...: "STATUS out|err|none" for a command that exits by itself.
shape() {
	"$@" > "$T/o" 2> "$T/e" < /dev/null
	_st=$?
	_where=none
	[ -s "$T/e" ] && _where=err
	[ -s "$T/o" ] && _where=out
	echo "$_st $_where"
}

# case PEER WANT ARGS...: psd as PEER gives WANT; so does the real PEER.
check() {
	_peer=$1; _want=$2; shift 2
	is "$(shape "$T/bin/$_peer" "$@")" "$_want" "$_peer $*: $_want"
	if command -v "$_peer" >/dev/null; then
		is "$(shape "$_peer" "$@")" "$_want" "(the real $_peer $*: $_want)"
	fi
}

check tini "1 err"
check tini "0 out" -h
check tini "0 out" --version
check tini "0 out" -l
check tini "1 err" -x true
check tini "1 err" -V
check tini "1 err" -p FOO true
check tini "1 err" -e 256 true
# (-s: not PID 1, the real tini warns unless it is a subreaper)
check tini "0 none" -s -- true
check tini "3 none" -s -- sh -c 'exit 3'
check tini "0 none" -s -e 3 -- sh -c 'exit 3'
check tini "130 none" -s -- sh -c 'kill -INT $$'
TINI_SUBREAPER=1; export TINI_SUBREAPER
check tini "0 none" -- true
unset TINI_SUBREAPER
check tini "0 none" -s -g -w -- true

check dumb-init "1 err"
check dumb-init "0 err" -h
check dumb-init "0 err" --help
check dumb-init "0 err" -V
check dumb-init "0 err" --version
check dumb-init "1 err" -x true
check dumb-init "1 err" -r 1:32 true
check dumb-init "1 err" -r 0:1 true
check dumb-init "1 err" -r TERM:1 true
check dumb-init "0 none" -r 9:15 true
check dumb-init "0 none" -r 17:0 -r 15:0 true
check dumb-init "0 none" -c -- true
check dumb-init "4 none" sh -c 'exit 4'
# A failed start: tini (as a shell) 127 or 126, dumb-init 2, catatonit 1.
check tini "127 err" -s -- "$T/no-such-program"
check tini "126 err" -s -- /etc
check dumb-init "2 err" "$T/no-such-program"
check dumb-init "2 err" /etc
check dumb-init "2 err" -c /etc
check catatonit "1 err" -- "$T/no-such-program"
check catatonit "1 err" -- /etc

check catatonit "1 err"
check catatonit "0 err" -h
check catatonit "0 out" -V
check catatonit "0 out" --version
check catatonit "0 out" -L
check catatonit "1 err" -x
check catatonit "0 none" -- true
check catatonit "0 none" -g -- true
check catatonit "5 none" -- sh -c 'exit 5'
CATATONIT_LOG=1; export CATATONIT_LOG
check catatonit "1 err" -- true
unset CATATONIT_LOG

# The environment.  dumb-init: a new session unless DUMB_INIT_SETSID=0.
sid() { "$@" sh -c 'test "$(ps -o sid= -p $$)" -eq $$ && echo own || echo shared'; }
is "$(sid "$T/bin/dumb-init")" own "dumb-init: the command leads its own session"
is "$(sid "$T/bin/dumb-init" -c)" shared "dumb-init -c: no new session"
is "$(DUMB_INIT_SETSID=0 sid "$T/bin/dumb-init")" shared "DUMB_INIT_SETSID=0: no new session"
is "$(sid "$T/bin/tini" -s --)" shared "tini: no new session"
like "$(DUMB_INIT_DEBUG=1 "$T/bin/dumb-init" true 2>&1)" . "DUMB_INIT_DEBUG=1: debug output"
is "$("$T/bin/dumb-init" true 2>&1)" "" "dumb-init: quiet by default"
like "$(TINI_VERBOSITY=3 "$T/bin/tini" -- true 2>&1)" . "TINI_VERBOSITY=3: more output"
is "$("$T/bin/tini" -s -- true 2>&1)" "" "tini: quiet by default"

# Signals: every TERM reaches the program (no escalation under a peer's
# name); dumb-init sends TERM to the rest of the group when it ends.
REC=$HELPERS/sigrecord
terms_at_least() {	# terms_at_least N: the program has recorded N TERMs
	[ "$(grep -c -x TERM "$T/sigs" 2>/dev/null)" -ge "$1" ]
}
for peer in tini dumb-init catatonit; do
	rm -f "$T/sigs" "$T/ready"
	"$T/bin/$peer" -- "$REC" "$T/sigs" --ready "$T/ready" --exit-on USR2 \
	    > /dev/null 2>&1 &
	pid=$!
	wait_for test -e "$T/ready"
	for i in 1 2 3; do
		kill -TERM $pid
		wait_for terms_at_least $i
	done
	kill -USR2 $pid
	wait $pid
	is "$?:$(grep -c -x TERM "$T/sigs")" "0:3" "$peer: three TERMs forwarded, no escalation"
done

# What outlives the command.  (Not as PID 1: there the kernel ends the
# whole namespace with it.)  dumb-init: one TERM to the command's group
# when it ends, none with -c.  tini: a subreaper with -s or
# TINI_SUBREAPER only; else orphans escape to the real init.
orphan() {	# orphan PEER ARGS...: "PPID-IS-PEER ALIVE-AFTER" of an orphan
	rm -f "$T/orphan"
	"$@" sh -c '(sleep 30 & echo $! > "$1/orphan.tmp";
	    mv "$1/orphan.tmp" "$1/orphan"); while [ ! -e "$1/go" ]; do
	    sleep 0.01; done' sh "$T" > /dev/null 2>&1 &
	_pid=$!
	wait_for test -e "$T/orphan"
	_o=$(cat "$T/orphan")
	own_pid "$_o"
	_pp=no
	[ "$(awk '{print $4}' "/proc/$_o/stat")" = "$_pid" ] && _pp=yes
	touch "$T/go"
	wait $_pid
	rm -f "$T/go"
	# dumb-init's TERM is sent as it exits: give the orphan time to die
	_alive=yes
	wait_for gone "$_o" > /dev/null 2>&1 && _alive=no
	kill -KILL "$_o" 2>/dev/null
	echo "$_pp $_alive"
}
# (a short wait when the orphan is meant to live on)
orphan_lives() { TEST_TIMEOUT=2 orphan "$@"; }
for real in "$T/bin/" ""; do
	command -v "${real}tini" > /dev/null || continue
	w=${real:+psd as }; w=${w:-the real }
	# tini sends nothing to what is left when it ends: its orphan lives on
	is "$(orphan_lives "${real}tini" -s --)" "yes yes" "${w}tini -s: the orphan is its child, and outlives it"
	is "$(TINI_SUBREAPER= orphan_lives "${real}tini" --)" "yes yes" "${w}tini, TINI_SUBREAPER: the orphan is its child, and outlives it"
	is "$(TINI_VERBOSITY=0 orphan_lives "${real}tini" --)" "no yes" "${w}tini without -s: the orphan escapes"
done
for real in "$T/bin/" ""; do
	command -v "${real}dumb-init" > /dev/null || continue
	w=${real:+psd as }; w=${w:-the real }
	is "$(orphan "${real}dumb-init" | cut -d' ' -f2)" no "${w}dumb-init: the command's group gets TERM as it ends"
	is "$(orphan_lives "${real}dumb-init" -c | cut -d' ' -f2)" yes "${w}dumb-init -c: the rest lives on"
done

# catatonit -P: no program; INT or TERM ends it with 0.
for sig in INT TERM; do
	"$T/bin/catatonit" -P > /dev/null 2>&1 &
	pid=$!
	# set up once it blocks HUP (psd reads it from a signalfd)
	wait_for grep -q 'SigBlk:.*[13579bdf]$' "/proc/$pid/status"
	kill -HUP $pid
	kill -$sig $pid
	wait $pid
	is "$?" 0 "catatonit -P: HUP ignored, $sig ends it with 0"
done
done_testing
