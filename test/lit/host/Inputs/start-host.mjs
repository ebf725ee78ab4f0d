// start.wat's host: a random seed, read by its start function.
export function imports(importObject) {
  importObject.env = { seed: () => 1 + Math.floor(Math.random() * 1000) };
}
export async function main(instance) {
  console.error(`host: get returned ${instance.exports.get()}`);
}
