#!/bin/sh
# instances = N: a pool of N workers NAME:0 .. NAME:N-1, each with its
# number in %(instance)d and PSD_INSTANCE, each supervised on its own.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:worker]
command = sh -c 'echo "%(instance)d \$PSD_PROGRAM \$PSD_INSTANCE" >> "$T/w"; exec sleep 600'
instances = 3
EOF
start_cfg sub "$T/psd.ini"
wait_for lines_at_least "$T/w" 3
is "$(sort "$T/w" | tr '\n' ',')" "0 worker 0,1 worker 1,2 worker 2," \
    "three instances, each with its number"
is "$(ctl --json status | json '" ".join(p["name"] for p in j["programs"])')" \
    "worker:0 worker:1 worker:2" "named worker:0 .. worker:2"
ctl signal KILL worker:1 >/dev/null
wait_for lines_at_least "$T/w" 4
is "$(tail -n 1 "$T/w")" "1 worker 1" "worker:1 alone was restarted"
is "$(ctl --json status 'worker:*' | json 'sum(p["restarts"] for p in j["programs"])')" 1 \
    "worker:* selects the pool; one restart in all"
ctl stop worker >/dev/null
wait_for state_is worker:2 STOPPED
is "$(ctl --json status worker | json '",".join(p["state"] for p in j["programs"])')" \
    "STOPPED,STOPPED,STOPPED" "psctl stop worker stops every instance"
ctl shutdown >/dev/null
wait_psd
done_testing
