// reactor.wasm traps inside execute on its second input, which ends the
// recording; the host catches the trap and then awaits a promise that
// nothing will resolve, so Node's event loop runs dry.
import { run } from "./host.mjs";
export { imports } from "./host.mjs";

export async function main(instance) {
  try {
    await run(instance, ["fine", "trap here"]);
  } catch (e) {
    console.error(`host: caught ${e.constructor.name}`);
  }
  await new Promise(() => {});
}
