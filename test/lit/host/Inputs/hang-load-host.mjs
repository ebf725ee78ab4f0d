// The host module's own top-level await never settles: Node's event loop
// runs dry while the runner loads it.
await new Promise(() => {});
export { imports } from "./host.mjs";
export async function main() {}
