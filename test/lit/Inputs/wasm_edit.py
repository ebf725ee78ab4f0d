"""Small edits of a wasm binary for tests that need bytes wat2wasm will not
write.

  wasm_edit.py drop-section ID IN OUT          remove the first section ID
  wasm_edit.py data-flags FLAGS IN OUT         set the first data segment's
                                               flags (a one-byte uleb)
  wasm_edit.py append-custom NAME HEX IN OUT   append a custom section; NAME
                                               may hold \\0 for a NUL byte
  wasm_edit.py local-count N IN OUT            set the first function's first
                                               group of locals to N locals
  wasm_edit.py hex HEX OUT                     write these bytes (a module
                                               too broken to start from WAT)
"""
import sys


def uleb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def encode_uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def sections(data):
    at = 8
    while at < len(data):
        begin = at
        size, payload = uleb(data, at + 1)
        yield data[begin], begin, payload, payload + size
        at = payload + size


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "hex":
        open(args[1], "wb").write(bytes.fromhex(args[0]))
        return
    data = bytearray(open(args[-2], "rb").read())
    if command == "drop-section":
        for sid, begin, _, end in sections(data):
            if sid == int(args[0]):
                del data[begin:end]
                break
        else:
            sys.exit("no section %s" % args[0])
    elif command == "data-flags":
        for sid, _, payload, _ in sections(data):
            if sid == 11:
                _, first = uleb(data, payload)
                data[first] = int(args[0])
                break
        else:
            sys.exit("no data section")
    elif command == "append-custom":
        name = args[0].replace("\\0", "\0").encode()
        payload = encode_uleb(len(name)) + name + bytes.fromhex(args[1])
        data += b"\0" + encode_uleb(len(payload)) + payload
    elif command == "local-count":
        for sid, begin, payload, end in sections(data):
            if sid == 10:
                _, at = uleb(data, payload)  # function count
                size, body = uleb(data, at)
                groups, first = uleb(data, body)
                if not groups:
                    sys.exit("the first function has no locals")
                _, after = uleb(data, first)
                new_body = (data[body:first] + encode_uleb(int(args[0])) +
                            data[after:body + size])
                code = (data[payload:at] + encode_uleb(len(new_body)) +
                        new_body + data[body + size:end])
                data[begin:end] = b"\x0a" + encode_uleb(len(code)) + code
                break
        else:
            sys.exit("no code section")
    else:
        sys.exit("unknown command " + command)
    open(args[-1], "wb").write(data)


if __name__ == "__main__":
    main(sys.argv)
