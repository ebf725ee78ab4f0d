// The host of reactor.wasm (and, with as-host.mjs's inputs, of the
// AssemblyScript module): the shape `wrr record --host` takes. imports()
// adds the program's non-WASI imports to the import object wrr built;
// main() writes each input into memory through export alloc and calls
// execute. The host prints to stderr only: a replay runs no host, and its
// stdout must equal the recording's.
let exports;

export function imports(importObject) {
  importObject.env = {
    // Calls back into the program from inside the import.
    host_value: (key) =>
      BigInt(exports.square(key)) * 1000n + BigInt(Math.floor(Math.random() * 1000)),
    // Allocates in the program and writes a string there before returning.
    host_note: (len) => {
      const p = exports.alloc(len + 1);
      const text = Math.random().toString(36).slice(2).padEnd(len, "z").slice(0, len);
      const bytes = new Uint8Array(exports.memory.buffer, p, len + 1);
      bytes.set(new TextEncoder().encode(text));
      bytes[len] = 0;
      return p;
    },
  };
}

export function write(text) {
  const bytes = new TextEncoder().encode(text);
  const p = exports.alloc(bytes.length);
  new Uint8Array(exports.memory.buffer, p, bytes.length).set(bytes);
  return [p, bytes.length];
}

export async function run(instance, inputs) {
  exports = instance.exports;
  const results = [];
  for (const input of inputs) {
    const [p, n] = write(input);
    results.push(exports.execute(p, n));
    exports.release(p);
    // The host awaits between calls, as a server awaits its next request.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return results;
}

export async function main(instance) {
  // Libraries such as @ruby/wasm-wasi's RubyVM test this.
  if (!(instance instanceof WebAssembly.Instance))
    console.error("host: the instance is not a WebAssembly.Instance");
  for (const name of Object.keys(instance.exports))
    if (name.startsWith("wrr_") || name === "_start") console.error(`host: sees export ${name}`);
  const results = await run(instance, ["hello", "wrr", "a longer input, with commas"]);
  const scaled = instance.exports.scale(1.5, 2.25, 10n);
  console.error(`host: execute returned ${results.join(" ")}; scale returned ${scaled}`);
}
