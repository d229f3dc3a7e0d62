#!/bin/sh
# Restart policies, backoff that grows while failures are fast, FATAL
# after start_retries (also with start_seconds = 0), and an exec failure
# that goes FATAL at once with the errno shown.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:keeper]
command = sleep 600

[program:onfail-ok]
command = sh -c 'echo x >> "$T/onfail-ok"; exit 0'
restart = on-failure
daemon = true

[program:always]
command = sh -c 'echo x >> "$T/always"; exit 0'
restart = always
restart_delay = 50ms
start_retries = infinite
daemon = true

[program:crash]
command = sh -c 'date +%s%N >> "$T/crash"; exit 2'
restart = on-failure
restart_delay = 100ms
start_retries = 3
daemon = true

[program:crash0]
command = sh -c 'echo x >> "$T/crash0"; exit 1'
start_seconds = 0
restart_delay = 10ms
start_retries = 2
daemon = true

[program:noexec]
command = /nonexistent/binary --flag
daemon = true

[program:never]
command = sh -c 'echo x >> "$T/never"; exit 5'
restart = never
daemon = true
EOF
start_cfg sub "$T/psd.ini"
wait_for state_is crash FATAL
is "$(lines "$T/crash")" 4 "start_retries = 3: four starts, then FATAL"
# Backoff doubles: 100, 200, 400 ms between starts (at least).
gaps=$(awk 'NR > 1 { printf "%d ", ($1 - prev) / 1000000 } { prev = $1 }' "$T/crash")
set -- $gaps
ok $([ "${1:-0}" -ge 100 ] && [ "${2:-0}" -ge 200 ] && [ "${3:-0}" -ge 400 ] && echo 0 || echo 1) \
    "backoff grows: gaps $gaps ms >= 100 200 400"
like "$(ctl status crash)" "4 fast failures in a row \(last: exit 2\)" \
    "psctl status says why it is FATAL"

wait_for state_is crash0 FATAL
is "$(lines "$T/crash0")" 3 "start_seconds = 0 still ends a crash loop in FATAL (3 starts)"

wait_for state_is noexec FATAL
like "$(ctl status noexec)" "exec /nonexistent/binary: No such file or directory" \
    "an exec failure is FATAL at once, with the errno"
is "$(ctl --json status noexec | json 'j["programs"][0]["restarts"]')" 0 \
    "and it is not retried"

wait_for state_is onfail-ok EXITED
is "$(lines "$T/onfail-ok")" 1 "on-failure: a clean exit is not restarted"
wait_for state_is never EXITED
is "$(lines "$T/never")" 1 "never: not restarted"
wait_for lines_at_least "$T/always" 5
ok $? "always: restarted after clean exits"
like "$(ctl --json status always | json 'j["programs"][0]["restarts"]')" "^[1-9]" \
    "restarts are counted"

# A deliberate stop never restarts, even restart = always.
ctl stop --wait always >/dev/null
n=$(lines "$T/always")
is "$(state_of always)" STOPPED "psctl stop: STOPPED"
ctl start --wait onfail-ok >/dev/null	# time passes, events happen
is "$(lines "$T/always")" "$n" "and it stays stopped"
ctl shutdown >/dev/null
wait_psd
done_testing
