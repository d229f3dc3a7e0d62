#!/bin/sh
# psctl's bash completion (tools/completion/psctl), sourced in bash and
# called as bash calls it (COMP_LINE, COMP_POINT, COMP_WORDS, COMP_CWORD)
# against a live psd: verbs, options, signals, program names with pools,
# the -s on the line honoured, nothing when no psd answers.
. "$(dirname "$0")/../lib.sh"

command -v bash >/dev/null || skip_all "bash is needed"
COMPLETION=$(cd "$(dirname "$0")/../../tools/completion" && pwd)/psctl

cat > "$T/psd.ini" <<EOF
[program:web]
command = sleep 600
[program:pool]
command = sleep 600
instances = 2
[program:db]
command = sleep 600
autostart = false
EOF
# comp LINE: what completing LINE (cursor at its end) offers, | separated.
cat > "$T/comp.bash" <<'EOF'
. "$COMPLETION" || exit 1
line=$1
COMP_LINE=$line
COMP_POINT=${#line}
# bash's own words: split at blanks and at the ':' of COMP_WORDBREAKS.
read -ra COMP_WORDS <<< "${line//:/ : }"
[[ $line == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
complete -p psctl >/dev/null || { echo "not registered"; exit 1; }
_psctl
IFS='|'
echo "${COMPREPLY[*]}"
EOF
comp() {
	COMPLETION=$COMPLETION bash "$T/comp.bash" "$1"
}
P=$PSCTL
S="$P -s $T/sock"
start_cfg sub "$T/psd.ini"
wait_for state_is web STARTING || wait_for state_is web RUNNING

is "$(comp "$P ")" "status|start|stop|restart|signal|wait|logs|tree|events|top|stats|sockets|ready|ping|reload|shutdown|version|tail|avail|reread|update|pid|clear|submit|run|map|result|jobs|cancel|close|join|terminate|help" \
    "the verbs, from psctl help"
is "$(comp "$P st")" "status|start|stop|stats" "a verb's prefix"
is "$(comp "$P --j")" "--json" "global options"
is "$(comp "$S status ")" "web|pool:0|pool:*|pool:1|db|all" \
    "program names from the live psd, a pool's NAME:*, all"
is "$(comp "$S start p")" "pool:0|pool:*|pool:1" "a name's prefix"
is "$(comp "$S restart pool:")" "0|*|1" "after web: only what follows the colon (bash splits there)"
is "$(comp "$S stop --")" "--wait|--json|--timeout" "start/stop/restart options"
is "$(comp "$S signal T")" "TERM|TSTP|TTIN|TTOU" "signal: signal names first"
is "$(comp "$S signal TERM w")" "web" "... then program names"
is "$(comp "$S wait d")" "db" "wait: program names"
is "$(comp "$S shutdown ")" "--no-wait" "shutdown: --no-wait"
is "$(comp "$S tree ")" "" "tree: no arguments"
is "$(comp "$S tail w")" "web" "tail: a program name"
is "$(comp "$S tail web s")" "stdout|stderr" "tail NAME: the stream"
is "$(comp "$S reread ")" "" "reread: no arguments"
is "$(comp "$S events -k f")" "fatal" "events -k: the event kinds"
is "$(comp "$S events --n")" "--no-follow" "events: its options"
is "$(comp "$S top --")" "--once|--delay|--ascii" "top: its options"
is "$(comp "$P -s $T/so")" "$T/sock" "-s: file names"
is "$(comp "$P --socket=$T/sock status w")" "web" "--socket=PATH is honoured"
is "$(comp "$P -s $T/nothing status ")" "all" "no psd there: no names, quickly"
ctl shutdown >/dev/null
wait_psd
done_testing
