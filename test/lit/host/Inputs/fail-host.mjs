// A host whose main fails after one call: the recording ends there, whole,
// and replays; wrr reports the host's error.
import { run } from "./host.mjs";
export { imports } from "./host.mjs";

export async function main(instance) {
  await run(instance, ["only this one"]);
  throw new Error("no more requests\nsecond line of the message");
}
