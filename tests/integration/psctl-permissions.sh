#!/bin/sh
# Who may use the control socket: root and psd's own uid; a member of
# socket_group (by primary or supplementary group); with socket_readonly
# everyone, for read-only verbs only.  Others are refused, by the file's
# mode or by psd's SO_PEERCRED check, and psctl exits 1 saying so.  Real
# users, made here with useradd and removed at the end.
. "$(dirname "$0")/../lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root to create users"
command -v useradd >/dev/null && command -v setpriv >/dev/null ||
    skip_all "needs useradd and setpriv"

g=psdg$$ a=psda$$ b=psdb$$ c=psdc$$
users_cleanup() {
	for u in $a $b $c; do userdel "$u" 2>/dev/null; done
	groupdel "$g" 2>/dev/null
	cleanup
}
trap users_cleanup EXIT
groupadd "$g" && useradd -M -N -g nogroup "$a" &&
    useradd -M -N -g nogroup -G "$g" "$b" && useradd -M -N -g "$g" "$c" ||
    skip_all "useradd failed"
uid_a=$(id -u "$a")
chmod 755 "$T"
as() {	# as USER CMD...: run CMD as USER with that user's groups
	_u=$1; shift
	setpriv --reuid="$_u" --regid="$(id -g "$_u")" --init-groups "$@"
}
as "$a" "$PSCTL" --version >/dev/null 2>&1 ||
    skip_all "psctl cannot be run by another user from here"
uctl() {	# uctl USER ARGS...
	_u=$1; shift
	as "$_u" "$PSCTL" -s "$T/sock" "$@"
}
pid_of_web() {
	ctl --json status web | json 'j["programs"][0]["pid"]'
}
config() {	# config [PSD-KEYS...]: a [psd] section, then one program
	{ echo "[psd]"; for kv in "$@"; do echo "$kv"; done
	  printf '[program:web]\ncommand = sleep 600\nstart_seconds = 100ms\n'
	} > "$T/psd.ini"
}

for mode in $MODES; do
	# The default: 0600, and the kernel keeps everyone else out.
	config
	start_cfg $mode "$T/psd.ini"
	wait_for state_is web RUNNING
	is "$(stat -c '%a %U' "$T/sock")" "600 root" "$mode: the socket is 0600 by default"
	uctl "$a" status > "$T/o" 2> "$T/e"
	is "$?" 1 "$mode: another user: refused (1)"
	like "$(cat "$T/e")" "^psctl: cannot connect to $T/sock: Permission denied" \
	    "$mode: ... by the socket's mode"
	is "$(uctl "$a" --json status 2>/dev/null | json 'j["error"]')" denied \
	    "$mode: ... --json says denied"
	ctl shutdown >/dev/null; wait_psd

	# Mode 0666: the file lets anyone connect; SO_PEERCRED does not.
	config "socket_mode = 0666"
	start_cfg $mode "$T/psd.ini"
	wait_for state_is web RUNNING
	pid=$(pid_of_web)
	uctl "$a" status > "$T/o" 2> "$T/e"
	is "$?" 1 "$mode: mode 0666: another uid is still refused, by psd (1)"
	is "$(cat "$T/e")" "psctl: permission denied for uid $uid_a: only root, psd's uid 0 may use this socket" \
	    "$mode: ... naming the uid and who may"
	uctl "$a" ping 2>/dev/null
	is "$?" 1 "$mode: ... even ping: refused (1), not unreachable"
	uctl "$a" stop web 2>/dev/null
	is "$(pid_of_web)" "$pid" "$mode: ... and its stop did nothing"
	wait_for file_has "$T/err" "control: refused uid $uid_a"
	ok $? "$mode: psd logs the refusal"
	ctl shutdown >/dev/null; wait_psd

	# socket_group alone: 0660 and that group; members get full access.
	config "socket_group = $g"
	start_cfg $mode "$T/psd.ini"
	wait_for state_is web RUNNING
	is "$(stat -c '%a %G' "$T/sock")" "660 $g" "$mode: socket_group: mode 0660, group $g"
	uctl "$b" status web >/dev/null
	is "$?" 0 "$mode: a member (supplementary group) may read"
	pid=$(pid_of_web)
	uctl "$b" restart --wait web >/dev/null
	is "$?" 0 "$mode: ... and may restart"
	ok $([ "$(pid_of_web)" != "$pid" ] && echo 0 || echo 1) "$mode: ... which happened"
	uctl "$c" stop --wait web >/dev/null
	is "$(state_of web)" STOPPED "$mode: a member by primary group may stop"
	uctl "$a" status 2>/dev/null
	is "$?" 1 "$mode: a non-member is refused (1)"
	ctl shutdown >/dev/null; wait_psd

	# socket_group with 0666: psd's own check tells members from others.
	config "socket_group = $g" "socket_mode = 0666"
	start_cfg $mode "$T/psd.ini"
	wait_for state_is web RUNNING
	uctl "$b" status web >/dev/null
	is "$?" 0 "$mode: group + 0666: SO_PEERGROUPS lets a member in"
	uctl "$a" status 2> "$T/e"
	is "$?" 1 "$mode: ... and keeps a non-member out"
	like "$(cat "$T/e")" "only root, psd's uid 0 and the socket's group may" \
	    "$mode: ... saying who may"
	ctl shutdown >/dev/null; wait_psd

	# socket_readonly: everyone reads; nobody else changes anything.
	config "socket_readonly = true"
	start_cfg $mode "$T/psd.ini"
	wait_for state_is web RUNNING
	pid=$(pid_of_web)
	is "$(stat -c '%a' "$T/sock")" 666 "$mode: socket_readonly: mode 0666"
	for v in "status web" stats tree ready ping version; do
		uctl "$a" $v >/dev/null 2>&1
		is "$?" 0 "$mode: read-only for all: $v"
	done
	for v in "stop web" "start web" "restart web" "signal TERM web" reload shutdown; do
		uctl "$a" --json $v > "$T/o" 2>/dev/null
		st=$?
		is "$st:$(json 'j["error"]' < "$T/o")" "1:denied" "$mode: ... never $v"
	done
	is "$(pid_of_web)" "$pid" "$mode: web untouched by all of that"
	ctl stop --wait web >/dev/null
	is "$(state_of web)" STOPPED "$mode: root still may"
	ctl shutdown >/dev/null; wait_psd
	is "$PSD_STATUS" 0 "$mode: psd ends normally"
done

# psd run by an ordinary user: that user has full access, root too,
# other users not.
mkdir "$T/u" && chown "$a" "$T/u"
printf '[psd]\nsocket = %s\nsocket_mode = 0666\n[program:web]\ncommand = sleep 600\nstart_seconds = 100ms\n' \
    "$T/u/sock" > "$T/user.ini"
for mode in $MODES; do
	rm -f "$T/u/sock"
	PSD_WRAP="setpriv --reuid=$a --regid=nogroup --clear-groups" \
	    start_psd $mode -c "$T/user.ini"
	wait_for test -S "$T/u/sock"
	is "$(stat -c '%U' "$T/u/sock")" "$a" "$mode: psd as $a: the socket is $a's"
	as "$a" "$PSCTL" -s "$T/u/sock" stop --wait web >/dev/null
	is "$?" 0 "$mode: ... $a may stop a program"
	"$PSCTL" -s "$T/u/sock" start --wait web >/dev/null
	is "$?" 0 "$mode: ... root may start it"
	as "$b" "$PSCTL" -s "$T/u/sock" status 2>/dev/null
	is "$?" 1 "$mode: ... another user may not even look"
	as "$a" "$PSCTL" -s "$T/u/sock" shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: ... and $a shuts it down"
done
done_testing
