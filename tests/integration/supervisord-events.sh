#!/bin/sh
# supervisord's event listener protocol, side by side: the same
# supervisord.conf (tests/fixtures/supervisord-events/scenario.conf) runs
# under the real supervisord and under psd, with listeners written from
# the protocol's documentation (tests/helpers/sdlisten.py).  A scripted
# scenario: start, a run that exits unexpectedly (EXITED, restart), two
# failed starts (BACKOFF) and FATAL, a stop asked through each one's
# control tool (STOPPING, STOPPED), and a TICK_5.  Each process's events
# must be the same, in the same order, with the same fields (pids only
# as "a pid" or 0); serials count up from 0 in every pool.
TEST_TIMEOUT=${TEST_TIMEOUT:-60}
. "$(dirname "$0")/../lib.sh"

command -v supervisord >/dev/null 2>&1 ||
    skip_all "supervisord is not installed (.ci/setup --test installs it)"
[ -x /usr/bin/python3 ] || skip_all "needs /usr/bin/python3"
CONF=$(cd "$(dirname "$0")/../fixtures/supervisord-events" && pwd)/scenario.conf
SDLISTEN=$(cd "$(dirname "$0")/../helpers" && pwd)/sdlisten.py
export SDLISTEN

# run WHO: the scenario under supervisord or psd, records in $T/WHO.
run() {
	_who=$1 _d=$T/$1
	mkdir -p "$_d"
	(
		cd "$_d" || exit 1
		export EVDIR="$_d"
		if [ "$_who" = supervisord ]; then
			exec supervisord -n -c "$CONF" > "$_d/out" 2>&1
		else
			exec "$PSD" -c "$CONF" --socket "$_d/psd.sock" \
			    > "$_d/out" 2>&1
		fi
	) &
	_pid=$!
	echo "$_pid" >> "$T/.pids"
	_ok=0
	wait_for file_has "$_d/watch.events" \
	    'PROCESS_STATE_FATAL processname:flaky' || _ok=1
	wait_for file_has "$_d/watch.events" \
	    'PROCESS_STATE_RUNNING processname:steady' || _ok=1
	if [ "$_who" = supervisord ]; then
		EVDIR=$_d supervisorctl -c "$CONF" stop steady >/dev/null
	else
		"$PSCTL" -s "$_d/psd.sock" stop steady >/dev/null
	fi
	wait_for file_has "$_d/watch.events" \
	    'PROCESS_STATE_STOPPED processname:steady' || _ok=1
	wait_for file_has "$_d/ticker.events" 'TICK_5' || _ok=1
	kill -TERM "$_pid" 2>/dev/null
	wait_for gone "$_pid" || kill -KILL "$_pid"
	wait "$_pid" 2>/dev/null
	echo "$_ok" > "$_d/.ok"
}

run supervisord &
run psd &
wait
for who in supervisord psd; do
	[ "$(cat "$T/$who/.ok")" = 0 ]
	ok $? "$who: the scenario ran to its end" ||
	    diag "$(tail -5 "$T/$who/out")"
done

# One process's events, in the order received.
events_of() {
	sed -n "s/^.* | \(.* processname:$2 .*\)$/\1/p" "$1"
}
for name in flaky steady watch ticker; do
	events_of "$T/supervisord/watch.events" "$name" > "$T/$name.want"
	events_of "$T/psd/watch.events" "$name" > "$T/$name.got"
	if [ -s "$T/$name.want" ] && cmp -s "$T/$name.want" "$T/$name.got"
	then
		ok 0 "$name: psd sends what supervisord sends"
	else
		ok 1 "$name: psd sends what supervisord sends"
		diff -u "$T/$name.want" "$T/$name.got" | sed 's/^/# /'
	fi
done
grep -c 'PROCESS_STATE_BACKOFF processname:flaky' "$T/psd/watch.events" |
    grep -qx 2
ok $? "flaky backed off twice before FATAL (the scenario is not empty)"

# Headers: every token supervisord writes, serials from 0 in each pool.
for who in supervisord psd; do
	for pool in watch ticker; do
		f=$T/$who/$pool.events
		awk -v pool="$pool" '
		    { split($2, p, ":"); split($1, s, ":") }
		    $3 != "pool:" pool || $4 != "server:supervisor" ||
		    $5 != "ver:3.0" || $6 != "lenok:1" { bad = 1 }
		    p[2] != NR - 1 { bad = 1 }
		    NR > 1 && s[2] <= last { bad = 1 }
		    { last = s[2] }
		    END { exit bad || NR == 0 }' "$f"
		ok $? "$who $pool: ver, server, pool, len; serial and poolserial count up" ||
		    sed 's/^/# /' "$f"
	done
	awk '$8 == "TICK_5" { split($9, w, ":"); if (w[2] % 5 == 0) n++ }
	    END { exit n == 0 }' "$T/$who/ticker.events"
	ok $? "$who: TICK_5 says when:, a multiple of 5"
done
done_testing
