// The host of as_reactor.wasm: the same shape as host.mjs.
let exports;

export function imports(importObject) {
  importObject.env = {
    // 1 to 1000 thousands: the value always has digits before twice(key)'s
    // three, as the test's patterns expect (with Date.now() % 1000 alone,
    // one call in 1,000 gave "18", and the test failed).
    host_value: (key) => BigInt(exports.twice(key)) + BigInt(1 + (Date.now() % 1000)) * 1000n,
  };
}

export async function main(instance) {
  exports = instance.exports;
  const results = [];
  for (const input of ["one", "two words", "ünïcode ✓"]) {
    const bytes = new TextEncoder().encode(input);
    const p = exports.alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, p, bytes.length).set(bytes);
    results.push(exports.execute(p, bytes.length));
    exports.release(p);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  console.error(`host: execute returned ${results.join(" ")}`);
}
