// A host that gives one of reactor.wasm's two env imports.
export function imports(importObject) {
  importObject.env = { host_value: () => 0n };
}
export async function main() {}
