#!/bin/sh
# psd --demo starts with a banner (what runs, what to look for, the
# psctl commands for a second terminal, with the socket it was given),
# and with port 8080 busy its web program says so and serves on a free
# port instead of failing and restarting forever.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || skip_all "python3 is needed by the demo's web"

# Hold 8080 (if someone else holds it, it is busy all the same).
python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", 8080)); s.listen()
except OSError:
    pass
open(sys.argv[1], "w").close()
time.sleep(600)' "$T/held" &
own_pid $!
wait_for test -e "$T/held"

rm -f "$T/sock"
start_psd sub --demo --socket "$T/sock"
wait_for ctl_ping
banner=$(head -n 40 "$T/err")
like "$(head -n 3 "$T/err")" "psd --demo" "the banner comes first"
like "$banner" "zombies +3 zombies every 10s" "it says what runs"
like "$banner" "Look for: +Z \(zombie\)" "and what to look for"
like "$banner" "psctl -s $T/sock top " "the commands for a second terminal, with the socket"
like "$banner" "psctl -s $T/sock tree " "psctl tree"
like "$banner" "psctl -s $T/sock logs -f " "psctl logs -f"
like "$banner" "thumbs +a pool of 2 slots for one-shot jobs" "it names the pool"
like "$banner" "psctl -s $T/sock map thumbs -- " "a psctl map line for the pool"
is "$(ctl --json status | json '[(p["name"], p["workers"]) for p in j["pools"]]')" \
    "[('thumbs', 2)]" "the demo has the pool thumbs, 2 workers"
# The banner's map line, as a user would paste it: 4 jobs, each line once.
line=$(printf '%s\n' "$banner" | grep "map thumbs -- ")
eval "\"\$PSCTL\"${line#*psctl}" > "$T/map.out" 2> "$T/map.err"
is "$?" 0 "the banner's psctl map line works"
is "$(sort "$T/map.out" | tr '\n' ' ')" \
    "thumbnail of a thumbnail of b thumbnail of c thumbnail of d " \
    "one block per item"
is "$(cat "$T/map.err")" "map: 4 ok, 0 failed" "and a summary"

serving() { grep -q "Serving HTTP on 127.0.0.1 port" "$T/out" "$T/err"; }
wait_for serving
ok $? "web serves although 8080 is busy"
all=$(cat "$T/out" "$T/err")
like "$all" "web: port 8080 is in use" "web says why it does not use 8080"
port=$(printf '%s\n' "$all" | sed -n 's/.*Serving HTTP on 127.0.0.1 port \([0-9]*\).*/\1/p' | head -n 1)
ok $(( port != 8080 && port > 0 ? 0 : 1 )) "on another port ($port)"
is "$(ctl --json status web | json 'j["programs"][0]["restarts"]')" 0 "and web did not restart"
wait_for state_is web RUNNING
ok $? "web is RUNNING"
ctl shutdown >/dev/null
wait_psd
done_testing
