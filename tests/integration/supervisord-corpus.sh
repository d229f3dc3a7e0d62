#!/bin/sh
# Each supervisord.conf of tests/fixtures/supervisord runs under the real
# supervisord and under psd, with a recorder as every program
# (tests/helpers/sdrec.sh).  What ran must be the same: process names,
# argv, environment, directory, uid and groups, umask, how many times
# each ran (restarts on exit codes, failed starts), the stop signal it
# got, the order groups were stopped in, and where its stdout and
# stderr lines landed.  psd runs as PID 1 of a new PID
# namespace for odd-numbered files and as a subreaper for the others.
TEST_TIMEOUT=${TEST_TIMEOUT:-120}
. "$(dirname "$0")/../lib.sh"

command -v supervisord >/dev/null 2>&1 ||
    skip_all "supervisord is not installed (.ci/setup --test installs it)"
[ "$(id -u)" -eq 0 ] || skip_all "needs root (user= switches users)"
# A behaviour comparison of many minutes: run once, in the plain build.
# Under ASan the same parser is covered by test_supervisord and fuzz_config.
[ "${PSD_SANITIZERS:-0}" = 1 ] &&
    skip_all "sanitizer build: the comparison runs in the plain build"
FIX=$(cd "$(dirname "$0")/../fixtures/supervisord" && pwd)

# A world-readable place: programs run as nobody record there too.
W=$(mktemp -d /tmp/psd-sdcorpus.XXXXXX)
chmod 755 "$W"
cp "$(dirname "$0")/../helpers/sdrec.sh" "$W/sdrec"
# The fixtures run from a copy: some write beside themselves (%(here)s),
# and the checkout may be read-only.
cp -R "$FIX" "$W/fixtures" && chmod -R u+w "$W/fixtures" || { echo "Bail out! cannot copy $FIX"; exit 1; }
FIX=$W/fixtures
chmod 755 "$W/sdrec"
trap 'cleanup; rm -rf "$W"' EXIT
export SDREC="$W/sdrec" SDREC_MARK="from the environment"

# What the records say now (to see when nothing changes any more).
snapshot() {
	cat "$1"/*.runs 2>/dev/null | tr '\n' ' '
	ls "$1" 2>/dev/null | tr '\n' ' '
}

# settled DIR WHO: every program is at the last step its --exits list
# foresees (the recorder says so in NAME.done), psd (asked) has nothing
# starting, backing off or stopping, and the records have not changed
# for two seconds: long enough for either supervisor to restart a
# program that it would restart (supervisord does so on its next
# one-second tick).  Every run a fixture expects, retries after a
# backoff included, is listed, so it is waited for by the .done files;
# this window only catches runs that no fixture expects.
settled() {
	_d=$1 _who=$2
	sleep 0.1	# forty of these loops run at once: look ten times a second
	ls "$_d"/*.runs >/dev/null 2>&1 || return 1
	for r in "$_d"/*.runs; do
		[ -e "${r%.runs}.done" ] || return 1
	done
	if [ "$_who" = psd ]; then
		"$PSCTL" -s "$_d/psd.sock" status 2>/dev/null |
		    grep -Eq ' (STARTING|BACKOFF|STOPPING) ' && return 1
	fi
	_now=$(snapshot "$_d")
	_t=$(date +%s%N)
	if [ "$_now" != "$(cat "$_d/.snap" 2>/dev/null)" ]; then
		printf '%s' "$_now" > "$_d/.snap"
		echo "$_t" > "$_d/.since"
		return 1
	fi
	[ $(( (_t - $(cat "$_d/.since")) / 1000000 )) -ge 2000 ]
}

# run_one WHO CONF DIR: run CONF under supervisord or psd with records in
# DIR; the supervisor's own output goes to DIR/.out and DIR/.err.
run_one() {
	_who=$1 _conf=$2 _d=$3 _mode=$4
	mkdir -p "$_d/logs"
	# Appending, as a pipe would: supervisord reopens /dev/stdout.
	: > "$_d/.out"
	: > "$_d/.err"
	: > "$_d/.stoporder"
	chmod 666 "$_d/.stoporder"
	chmod 777 "$_d" "$_d/logs"
	(
		cd "$_d" || exit 1
		export SDREC_DIR="$_d" TMPDIR="$_d/logs"
		if [ "$_who" = supervisord ]; then
			exec supervisord -n -c "$_conf" >> "$_d/.out" 2>> "$_d/.err"
		elif [ "$_mode" = ns ]; then
			exec unshare --fork --pid --mount-proc --kill-child -- \
			    "$PSD" -c "$_conf" --socket "$_d/psd.sock" \
			    >> "$_d/.out" 2>> "$_d/.err"
		else
			exec "$PSD" -c "$_conf" --socket "$_d/psd.sock" \
			    >> "$_d/.out" 2>> "$_d/.err"
		fi
	) &
	_pid=$!
	echo "$_pid" >> "$T/.pids"
	if ! wait_for settled "$_d" "$_who"; then
		diag "$_who did not settle on $(basename "$_conf"):"
		diag "$(tail -5 "$_d/.err")"
	fi
	if [ "$_who" != supervisord ] && [ "$_mode" = ns ]; then
		kill -TERM "$(child_of "$_pid")" 2>/dev/null
	else
		kill -TERM "$_pid" 2>/dev/null
	fi
	wait_for gone "$_pid" || kill -KILL "$_pid"
	wait "$_pid" 2>/dev/null
}

# What ran, in a form both supervisors can be compared on.
report() {
	_d=$1
	for r in "$_d"/*.rec; do
		[ -e "$r" ] || continue
		echo "== $(basename "$r" .rec) ran $(cat "${r%.rec}.runs") times"
		cat "$r"
	done
	echo "== groups in the order they were stopped"
	uniq "$_d/.stoporder"
	echo "== where the output went"
	grep -rE '^(out|err) ' "$_d/.out" "$_d/.err" "$_d/logs" \
	    $(ls "$_d"/*.log 2>/dev/null) 2>/dev/null |
	    sed -E 's/---supervisor-[^/.]*\.log:/---supervisor.log:/' | sort
}

# Six files at a time, each under both supervisors at once (each run has
# its own directory, socket and pidfile): the test spends its time
# waiting for the programs, not working.
i=0
for conf in "$FIX"/*.conf; do
	i=$((i + 1))
	name=$(basename "$conf" .conf)
	mode=sub
	[ $((i % 2)) -eq 1 ] && mode=ns
	echo "$mode" > "$W/$name.mode"
	run_one supervisord "$conf" "$W/sd-$name" "" &
	run_one psd "$conf" "$W/psd-$name" "$mode" &
	[ $((i % 11)) -eq 0 ] && wait
done
wait
for conf in "$FIX"/*.conf; do
	name=$(basename "$conf" .conf)
	mode=$(cat "$W/$name.mode")
	report "$W/sd-$name" | sed "s|$W/sd-$name|@D|g" > "$W/$name.want"
	report "$W/psd-$name" | sed "s|$W/psd-$name|@D|g" > "$W/$name.got"
	if cmp -s "$W/$name.want" "$W/$name.got" &&
	    grep -q '^== ' "$W/$name.want"; then
		ok 0 "$name ($mode): psd runs what supervisord runs"
	else
		ok 1 "$name ($mode): psd runs what supervisord runs"
		diff -u "$W/$name.want" "$W/$name.got" | head -40 |
		    sed 's/^/# /'
		diag "psd said: $(head -5 "$W/psd-$name/.err")"
	fi
done
[ "$i" -ge 20 ] ; ok $? "the corpus has at least 20 files ($i)"
done_testing
