// An AssemblyScript module that a host drives (as-host.mjs): built with the
// WASI shim and --exportStart _initialize, so its top-level code is a
// reactor's _initialize. execute reads the clock (Date.now), randomness
// (Math.random, seeded from random_get) and a host import that calls back
// export twice.
@external("env", "host_value")
declare function host_value(key: i32): i64;

let calls = 0;
const started = Date.now();

export function alloc(size: i32): usize {
  return heap.alloc(<usize>size);
}

export function release(ptr: usize): void {
  heap.free(ptr);
}

export function twice(x: i32): i32 {
  return x * 2;
}

export function execute(ptr: usize, len: i32): i32 {
  const input = String.UTF8.decodeUnsafe(ptr, <usize>len);
  const now = Date.now();
  const r = Math.random();
  const v = host_value(len);
  calls++;
  console.log("as call " + calls.toString() + ": \"" + input + "\" " +
              (now - started).toString() + " ms after start, random " +
              r.toString() + ", host " + v.toString());
  return input.length * 1000 + <i32>(r * 1000.0);
}
