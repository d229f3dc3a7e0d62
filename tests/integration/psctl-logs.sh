#!/bin/sh
# psctl logs: the last lines psd keeps per program (1000), -n, --since,
# --json, stderr marked as such, -f following two programs at once, and
# --until-exit ending when the program ends, -f ending when psd shuts
# down.
. "$(dirname "$0")/../lib.sh"

GEN="$HELPERS/linegen"
cat > "$T/psd.ini" <<EOF
[program:many]
command = sh -c '$GEN many 1500 && exec sleep 600'
[program:both]
command = sh -c 'echo out-line; echo err-line >&2; exec sleep 600'
[program:tick]
command = sh -c 'i=0; while :; do i=\$((i+1)); echo "tick \$i"; sleep 0.02; done'
[program:tock]
command = sh -c 'i=0; while :; do i=\$((i+1)); echo "tock \$i"; sleep 0.02; done'
[program:once]
command = sh -c 'while [ ! -e "$T/go" ]; do sleep 0.01; done; echo first; echo second; exit 0'
restart = never
daemon = true
EOF
start_cfg sub "$T/psd.ini"

many_lines() {
	[ "$(ctl logs many | wc -l)" -ge "$1" ]
}
wait_for many_lines 1000
is "$(ctl logs many | wc -l | tr -d ' ')" 1000 "the ring keeps the last 1000 lines"
is "$(ctl logs many | head -n 1)" "many | many 501 hijklmno" "the oldest kept is line 501"
is "$(ctl logs many | tail -n 1)" "many | many 1500 stuvwxyz" "the newest is line 1500"
is "$(ctl logs -n 3 many | awk '{print $4}' | tr '\n' ' ')" "1498 1499 1500 " \
    "-n 3: the last three"
is "$(ctl logs --since 1h -n 1 many)" "many | many 1500 stuvwxyz" "--since 1h keeps them"
is "$(ctl logs --since 0s many)" "" "--since 0s: none is that new"

wait_for file_has "$T/err" "both"
got=$(ctl --json logs both | json '" ".join(l["stream"] + ":" + l["text"] for l in j["lines"]) + " %d" % j["count"]')
like "$got" "stdout:out-line" "--json: lines with their stream"
like "$got" "stderr:err-line" "stderr lines are marked stderr"
like "$got" " 2$" "and the count"

ctl logs nosuch >/dev/null 2>&1
is $? 4 "an unknown program: exit 4"

# -f follows two programs, interleaved.
ctl logs -f -n 0 tick tock > "$T/follow" 2>&1 &
fpid=$!
echo "$fpid" >> "$T/.pids"
follows_both() {
	[ "$(grep -c '^tick | ' "$T/follow")" -ge 5 ] &&
	    [ "$(grep -c '^tock | ' "$T/follow")" -ge 5 ]
}
wait_for follows_both
ok $? "-f: new lines of both programs keep coming"
kill "$fpid"
wait "$fpid" 2>/dev/null
n=$(grep '^tick | ' "$T/follow" | awk '{print $4}' |
    awk 'NR > 1 && $1 != prev + 1 { bad = 1 } { prev = $1 } END { print bad + 0 }')
is "$n" 0 "each program's lines in order, none skipped"

ctl_conns() {	# ctl_conns N: psd has N connections open (this one too)
	[ "$(ctl --json stats | json 'j["connections"]')" -ge "$1" ]
}

# --until-exit: ends (exit 0) once the program has ended.
ctl logs --until-exit once > "$T/until" 2>&1 &
upid=$!
wait_for ctl_conns 2
touch "$T/go"
wait "$upid"
is $? 0 "--until-exit returns when the program ends"
is "$(cat "$T/until")" "once | first
once | second" "with every line it wrote"

# -f on a program a reload removes: psctl is told, and ends.
ctl logs -f -n 0 tock > "$T/gone" 2>&1 &
gpid=$!
wait_for ctl_conns 2
sed -i '/^\[program:tock\]/,+1d' "$T/psd.ini"
ctl reload > "$T/rl" 2>&1
like "$(cat "$T/rl")" "removed: tock" "reload removes the followed program"
wait "$gpid"
is $? 0 "-f ends when every program it follows is removed"
like "$(cat "$T/gone")" "psd +\| the programs followed are gone" "and says why"

# -f while psd shuts down normally: psctl says so and exits 0.
ctl logs -f -n 0 tick > "$T/bye" 2> "$T/bye.err" &
bpid=$!
wait_for ctl_conns 2
ctl shutdown >/dev/null
wait_psd
is "$PSD_STATUS" 0 "psd shut down"
wait "$bpid"
is $? 0 "-f when psd shuts down: exit 0"
is "$(cat "$T/bye.err")" "psctl: logs: psd shut down (exit status 0)" \
    "and says that psd shut down"
done_testing
