#!/bin/sh
# psctl --json: every verb prints exactly one JSON document on stdout,
# parsed back here with python3's json module and checked field by field
# against the names and types psctl(1) documents; failures print an error
# document; strings stay valid UTF-8 whatever bytes a command holds.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || skip_all "python3 is needed to parse JSON"

# The documented shapes (psctl(1), JSON OUTPUT).  str? is a string or null.
cat > "$T/schema.py" <<'EOF'
import json, sys
I, B, S, N = "int", "bool", "str", "str?"
program = {"name": S, "state": S, "pid": I, "uptime_ms": I, "restarts": I,
           "last_exit": N, "exit_code": "int?", "daemon": B, "essential": B,
           "autostart": B, "ready": S, "orphans": I, "reason": N, "command": N,
           "ready_after_us": "int?", "status": N, "notify_state": N,
           "errno": "int?", "watchdog_misses": I}
result = {"name": S, "state": S, "pid": I, "exit_code": "int?",
          "last_exit": N, "reason": N, "message": N}
pool = {"name": S, "workers": I, "queued": I, "running": I, "done": I,
        "failed": I, "cancelled": I, "dropped": I, "closed": B}
proc = {"pid": I, "ppid": I, "depth": I, "state": S, "program": S,
        "zombie": B, "command": S}
shapes = {
    "status": {"programs": [program]},
    "status_all": {"programs": [program], "pools": [pool]},
    "results": {"results": [result]},
    "tree": {"processes": [proc], "zombies": I},
    "stats": {"pid": I, "uptime_ms": I, "programs": I, "running": I,
              "reaped": I, "orphans_reaped": I, "orphans_attributed": I,
              "zombies": I, "spawns": I, "restarts": I, "hooks": I,
              "connections": I, "wakeups": I, "config": N, "attribution": S,
              "output_lines": I, "output_buffered": I,
              "output_bytes": I, "output_dropped_lines": I,
              "output_dropped_bytes": I,
              "orphans_by_program": "dict"},
    "ready": {"ready": B, "reason": N},
    "ping": {"ok": B},
    "reload": {"added": ["str"], "removed": ["str"], "changed": ["str"],
               "updated": ["str"]},
    "version": {"psctl": S, "psd": S, "protocol": I},
    "shutdown": {"ok": B, "exited": B},
    "error": {"error": S, "message": S, "name": N, "details": ["str"]},
}
types = {"int": (int,), "bool": (bool,), "str": (str,), "dict": (dict,)}

def check(v, shape, where):
    if isinstance(shape, dict):
        if not isinstance(v, dict) or sorted(v) != sorted(shape):
            sys.exit("%s: keys %s, want %s" % (where, sorted(v) if
                     isinstance(v, dict) else type(v), sorted(shape)))
        for k in shape:
            check(v[k], shape[k], where + "." + k)
    elif isinstance(shape, list):
        if not isinstance(v, list):
            sys.exit("%s: not a list" % where)
        for i, e in enumerate(v):
            check(e, shape[0], "%s[%d]" % (where, i))
    else:
        t = shape.rstrip("?")
        if v is None and shape.endswith("?"):
            return
        if type(v) not in types[t]:
            sys.exit("%s: %r is not %s" % (where, v, shape))

text = sys.stdin.read()
doc = json.loads(text)            # exactly one document, or this fails
check(doc, shapes[sys.argv[1]], sys.argv[1])
print("ok")
EOF
shape() {	# shape NAME DESCRIPTION CMD...: CMD's stdout has NAME's shape
	_n=$1 _d=$2; shift 2
	"$@" > "$T/j" 2>/dev/null
	is "$(python3 "$T/schema.py" "$_n" < "$T/j" 2>&1)" ok "$mode: --json $_d"
}

printf '[program:web]\ncommand = sleep 600\nstart_seconds = 100ms\n' > "$T/psd.ini"
printf '[program:odd]\ncommand = sh -c "exec sleep 600" \377\351t\303\251\n' >> "$T/psd.ini"
printf 'start_seconds = 100ms\n' >> "$T/psd.ini"
printf '[program:later]\ncommand = sleep 600\nautostart = false\n' >> "$T/psd.ini"
printf '[program:done]\ncommand = sh -c "exit 3"\nrestart = never\ndaemon = true\n' >> "$T/psd.ini"
printf '[pool:batch]\nworkers = 1\n' >> "$T/psd.ini"
for mode in $MODES; do
	start_cfg $mode "$T/psd.ini"
	wait_for state_is web RUNNING
	wait_for state_is odd RUNNING
	wait_for state_is done EXITED

	shape status_all "status" ctl --json status
	is "$(json '[p["exit_code"] for p in j["programs"]]' < "$T/j")" "[None, None, None, 3]" \
	    "$mode: ... exit_code is null until a program has exited"
	is "$(json '[p["command"] for p in j["programs"] if p["name"] == "odd"][0]' < "$T/j")" \
	    "sh -c \"exec sleep 600\" $(printf '\357\277\275\357\277\275t\303\251')" \
	    "$mode: ... a stray byte in a command becomes U+FFFD, valid UTF-8 kept"
	shape status "status NAME" ctl --json status web
	shape status "status (option after the verb)" ctl status web --json
	shape results "start --wait" ctl --json start --wait later
	shape results "restart" ctl --json restart later
	shape results "stop --wait" ctl --json stop --wait later
	shape results "signal" ctl --json signal CONT web
	shape results "wait" ctl --json wait done
	is "$(json 'j["results"][0]["exit_code"], j["results"][0]["last_exit"]' < "$T/j")" \
	    "3 exit 3" "$mode: ... wait: exit_code and last_exit"
	shape tree "tree" ctl --json tree
	shape stats "stats" ctl --json stats
	shape ready "ready" ctl --json ready
	shape ping "ping" ctl --json ping
	shape reload "reload" ctl --json reload
	shape version "version" ctl --json version

	shape error "error: no such program" ctl --json status nosuch
	is "$(json 'j["error"], j["name"]' < "$T/j")" "no-such-program nosuch" \
	    "$mode: ... its error word and the name"
	shape error "error: bad signal" ctl --json signal BOGUS web
	is "$(json 'j["error"]' < "$T/j")" usage "$mode: ... usage"
	shape error "error: timeout" ctl --json --timeout 100ms wait web
	is "$(json 'j["error"]' < "$T/j")" timeout "$mode: ... timeout"
	shape error "error: unknown verb" ctl --json frobnicate
	shape error "error: unreachable" "$PSCTL" --json -s "$T/nothing" ping
	is "$(json 'j["error"]' < "$T/j")" unreachable "$mode: ... unreachable"
	cp "$T/psd.ini" "$T/good.ini"
	printf '[program:bad]\ncommand = x\nrestart = sometimes\n' >> "$T/psd.ini"
	shape error "error: reload of a broken config" ctl --json reload
	like "$(json 'j["error"], j["details"]' < "$T/j")" \
	    "^config \['.*psd.ini:1[0-9]: \[program:bad\] restart: \"sometimes\" is not a restart policy" \
	    "$mode: ... with each config error in details"
	cp "$T/good.ini" "$T/psd.ini"

	shape shutdown "shutdown" ctl --json shutdown
	wait_psd
done
done_testing
