// command.wasm's one import; no main: wrr runs _start.
export function imports(importObject) {
  importObject.env = { host_value: (key) => BigInt(key) * 1000n + BigInt(Date.now() % 1000) };
}
