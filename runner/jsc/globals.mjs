// What the WASI shim expects of a browser and the jsc shell lacks: UTF-8
// TextEncoder and TextDecoder (paths, arguments, environment) and console
// (the shim's debug log, which goes to stderr here).
class Utf8Encoder {
  get encoding() { return 'utf-8'; }
  encode(text = '') {
    const out = [];
    for (const ch of String(text)) {
      const c = ch.codePointAt(0);
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return Uint8Array.from(out);
  }
}

// Decodes whole buffers; a malformed sequence becomes U+FFFD.
class Utf8Decoder {
  get encoding() { return 'utf-8'; }
  decode(bytes = new Uint8Array(0)) {
    const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes.buffer ?? bytes);
    let s = '';
    for (let i = 0; i < b.length;) {
      const c = b[i];
      const n = c < 0x80 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
      let cp = n === 0 ? c : n === 1 ? c & 31 : n === 2 ? c & 15 : c & 7;
      let ok = n >= 0 && i + n < b.length;
      for (let k = 1; ok && k <= n; ++k) {
        if ((b[i + k] & 0xc0) !== 0x80) ok = false;
        else cp = (cp << 6) | (b[i + k] & 63);
      }
      s += ok ? String.fromCodePoint(cp) : '\ufffd';
      i += ok ? n + 1 : 1;
    }
    return s;
  }
}

globalThis.TextEncoder ??= Utf8Encoder;
globalThis.TextDecoder ??= Utf8Decoder;
globalThis.console ??= { log: (...a) => debug(a.join(' ')) };
for (const level of ['warn', 'error', 'info', 'debug'])
  globalThis.console[level] ??= globalThis.console.log;
