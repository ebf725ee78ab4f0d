// reactor.wasm traps inside execute on its second input. The trap ends the
// recording; the host catches it, and a later call into the instance fails.
import { run } from "./host.mjs";
export { imports } from "./host.mjs";

export async function main(instance) {
  try {
    await run(instance, ["fine", "trap here", "never"]);
  } catch (e) {
    console.error(`host: caught ${e.constructor.name}`);
  }
  try {
    instance.exports.square(3);
    console.error("host: square after the trap returned");
  } catch (e) {
    console.error(`host: after the trap: ${e.message}`);
  }
}
