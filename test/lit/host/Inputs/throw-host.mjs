// A host whose import throws on its second call, inside the program's
// second execute: the recording ends there.
import { run } from "./host.mjs";
import { imports as base } from "./host.mjs";

export function imports(importObject) {
  base(importObject);
  const value = importObject.env.host_value;
  let calls = 0;
  importObject.env.host_value = (key) => {
    if (++calls === 2) throw new Error("the host's database is down");
    return value(key);
  };
}

export async function main(instance) {
  await run(instance, ["one", "two", "three"]);
}
