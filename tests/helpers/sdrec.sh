#!/bin/sh
# sdrec [--exits=C1,C2,...] ARGS...: a program for supervisord-corpus.sh.
# Every start records, in $SDREC_DIR/GROUP.NAME.*, what it was started
# with: argv, environment, directory, uid and groups, umask (.rec), how
# many times it ran (.runs), and writes one line to stdout and one to
# stderr so that the test sees where each went.  Run N exits with CN;
# a "-" in the list, or a run past its end, waits for a signal and
# records which one stopped it.  .done appears when the run is the last
# the list foresees: from then on nothing changes unless the supervisor
# starts it again.
D=${SDREC_DIR:?SDREC_DIR is not set}
N="${SUPERVISOR_GROUP_NAME:-nogroup}.${SUPERVISOR_PROCESS_NAME:-noname}"
exits=
case $1 in
--exits=*) exits=${1#--exits=}; shift ;;
esac

runs=$(( $(cat "$D/$N.runs" 2>/dev/null || echo 0) + 1 ))
{
	for a in "$@"; do
		printf 'arg %s\n' "$a"
	done
	# What differs by nature between two supervisors is left out:
	# psd's own variables, the shell's, the socket a listener would use.
	env | LC_ALL=C sort | grep -Ev '^(PSD_[A-Z_]*|_|PWD|OLDPWD|SHLVL|LISTEN_[A-Z_]*|NOTIFY_SOCKET)=' |
	    sed 's/^/env /'
	printf 'dir %s\n' "$(pwd -P)"
	printf 'uid %s groups %s\n' "$(id -u)" "$(id -G)"
	printf 'umask %s\n' "$(umask)"
} > "$D/$N.rec.tmp"
mv "$D/$N.rec.tmp" "$D/$N.rec"
echo "out $N" 
echo "err $N" >&2

# The code this run exits with, if the list has one.
code=$(printf '%s\n' "$exits" | tr ',' '\n' | sed -n "${runs}p")
last=$(printf '%s\n' "$exits" | tr ',' '\n' | grep -c .)
if [ -n "$code" ] && [ "$code" != - ]; then
	echo "$runs" > "$D/$N.runs"
	[ "$runs" -ge "$last" ] && : > "$D/$N.done"
	exit "$code"
fi

stopped() {
	echo "stopped by SIG$1" >> "$D/$N.rec"
	# the order groups were stopped in (one group's members at once)
	echo "${SUPERVISOR_GROUP_NAME:-nogroup}" >> "$D/.stoporder"
	[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
	exit 0
}
sleeper=
for s in TERM INT QUIT HUP USR1 USR2; do
	# shellcheck disable=SC2064
	trap "stopped $s" "$s"
done
echo "$runs" > "$D/$N.runs"
[ "$runs" -ge "$last" ] && : > "$D/$N.done"
sleep 1000000 &
sleeper=$!
wait "$sleeper"
