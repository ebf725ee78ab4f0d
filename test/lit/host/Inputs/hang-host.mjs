// A host whose main never settles after one call: it awaits a promise that
// nothing will resolve, so Node's event loop runs dry.
import { run } from "./host.mjs";
export { imports } from "./host.mjs";

export async function main(instance) {
  await run(instance, ["one"]);
  await new Promise(() => {});
}
