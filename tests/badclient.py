"""badclient.py: speak psd's control protocol badly, on purpose.

    python3 badclient.py SOCKET CASE

Each CASE connects to SOCKET, misbehaves one way, and prints what psd
answered as one line: the reply's type and, for an error, its error word
("error bad-request"), "version 1" for a VERSION reply, "closed" when psd
closed without a word, or "ok" for cases that only need psd to survive.
The frames are decoded here from doc/protocol.md, independently of
lib/proto.c, so a mismatch between the two shows up too.
"""
import os
import socket
import struct
import sys
import time

# Bounds a hang only (lib.sh exports it): never tight.
TIMEOUT = float(os.environ.get("TEST_TIMEOUT", "60"))
MSG_VERSION, MSG_ERROR, MSG_OK, MSG_END, MSG_BYE = 1, 2, 3, 4, 5
MSG_PING, MSG_STATUS = 16, 17
K_ERROR, K_MESSAGE = 14, 3


def connect(path):
    # A blocking connect waits while psd's listen backlog is full.
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(TIMEOUT)
    return s


def header(version, mtype, length):
    return struct.pack("<HHI", version, mtype, length)


def field_str(key, text):
    b = text.encode() + b"\0"
    return struct.pack("<HH", key, len(b)) + b


def read_all(s):
    """Everything psd sends until it closes (or resets) the connection."""
    data = b""
    while True:
        try:
            d = s.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            break
        if not d:
            break
        data += d
    return data


def fields(payload):
    out, off = {}, 0
    while off < len(payload):
        key, n = struct.unpack_from("<HH", payload, off)
        off += 4
        val = payload[off:off + n]
        off += n
        if key >= 256:
            out[key] = struct.unpack("<q", val)[0]
        else:
            assert val.endswith(b"\0"), "string without its NUL"
            out[key] = val[:-1].decode()
    return out


def first_reply(data):
    if len(data) < 8:
        return "closed"
    version, mtype, length = struct.unpack_from("<HHI", data)
    payload = data[8:8 + length]
    if mtype == MSG_VERSION:
        proto = struct.unpack_from("<I", payload)[0]
        return "version %d" % proto
    if mtype == MSG_ERROR:
        return "error " + fields(payload)[K_ERROR]
    return "type %d" % mtype


def send_quietly(s, data):
    """Send what psd will take; it may close early, which is fine."""
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def case_garbage(path):
    s = connect(path)
    send_quietly(s, b"GET / HTTP/1.0\r\n\r\n" + bytes(range(256)) * 4)
    return first_reply(read_all(s))


def case_version(path):
    s = connect(path)
    send_quietly(s, header(2, MSG_STATUS, 0))
    return first_reply(read_all(s))


def case_version_big(path):
    # A future version may allow longer messages: still a VERSION reply.
    s = connect(path)
    send_quietly(s, header(7, MSG_STATUS, 1 << 30))
    return first_reply(read_all(s))


def case_huge(path):
    s = connect(path)
    send_quietly(s, header(1, MSG_STATUS, 1 << 20) + b"\1" * (1 << 20))
    return first_reply(read_all(s))


def case_half_body(path):
    s = connect(path)
    s.sendall(header(1, MSG_STATUS, 100) + field_str(1, "web")[:5])
    s.shutdown(socket.SHUT_WR)
    return first_reply(read_all(s))


def case_half_header(path):
    s = connect(path)
    s.sendall(header(1, MSG_STATUS, 0)[:5])
    s.shutdown(socket.SHUT_WR)
    return first_reply(read_all(s))


def case_stalled(path):
    # Half a request, then silence: psd answers after its bound.
    s = connect(path)
    s.sendall(header(1, MSG_STATUS, 100) + b"\1\0")
    return first_reply(read_all(s))


def case_silent(path):
    s = connect(path)
    return first_reply(read_all(s))


def case_unknown_type(path):
    s = connect(path)
    s.sendall(header(1, 999, 0))
    return first_reply(read_all(s))


def case_unterminated(path):
    s = connect(path)
    body = struct.pack("<HH", 1, 3) + b"web"
    s.sendall(header(1, MSG_STATUS, len(body)) + body)
    return first_reply(read_all(s))


def case_bad_int(path):
    s = connect(path)
    body = struct.pack("<HH", 261, 4) + b"\0\0\0\0"
    s.sendall(header(1, 18, len(body)) + body)
    return first_reply(read_all(s))


def case_field_overrun(path):
    s = connect(path)
    body = struct.pack("<HH", 1, 200) + b"web\0"
    s.sendall(header(1, MSG_STATUS, len(body)) + body)
    return first_reply(read_all(s))


def case_too_many_fields(path):
    s = connect(path)
    body = field_str(1, "x") * 2000
    s.sendall(header(1, MSG_STATUS, len(body)) + body)
    return first_reply(read_all(s))


def case_no_reader(path):
    # Thousands of requests, never reading a reply: psd drops this
    # client once its unread output passes the bound, and goes on.
    s = connect(path)
    s.setblocking(False)
    req = header(1, MSG_STATUS, 0) * 512
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        try:
            s.send(req)
        except BlockingIOError:
            time.sleep(0.01)
        except (BrokenPipeError, ConnectionResetError):
            return "dropped"
    return "not dropped"


def case_many(path):
    # More connections than psd takes at once: the extra ones are told.
    conns, words = [], set()
    for _ in range(140):
        conns.append(connect(path))
    for s in conns[128:]:
        s.settimeout(TIMEOUT)
        words.add(first_reply(read_all(s)))
    for s in conns:
        s.close()
    return " ".join(sorted(words))


def case_pipelined(path):
    # Two requests in one write: two answers, in order.
    s = connect(path)
    s.sendall(header(1, MSG_PING, 0) + header(1, MSG_PING, 0))
    s.shutdown(socket.SHUT_WR)
    data = read_all(s)
    types = []
    while len(data) >= 8:
        _, mtype, length = struct.unpack_from("<HHI", data)
        types.append(mtype)
        data = data[8 + length:]
    return " ".join(str(t) for t in types)


def case_status(path):
    # A good request, as doc/protocol.md's worked example has it: the
    # reply's message types and the keys of each, in order.
    s = connect(path)
    s.sendall(bytes.fromhex("0100110008000000" "0100040077656200"))
    s.shutdown(socket.SHUT_WR)
    data, out = read_all(s), []
    while len(data) >= 8:
        _, mtype, length = struct.unpack_from("<HHI", data)
        payload, off, keys = data[8:8 + length], 0, []
        while off < len(payload):
            key, n = struct.unpack_from("<HH", payload, off)
            keys.append(str(key))
            off += 4 + n
        out.append("%d:%s" % (mtype, ",".join(keys)))
        data = data[8 + length:]
    return " ".join(out)


def main():
    path, case = sys.argv[1], sys.argv[2]
    print(globals()["case_" + case.replace("-", "_")](path))


if __name__ == "__main__":
    main()
