// as_alloc_before: AssemblyScript that allocates on the heap before its first
// WASI call, then reads the clock (Date.now -> clock_time_get) and randomness
// (Math.random, seeded once from random_get), prints (fd_write), and
// allocates more afterwards.

// 1. Heap work before any WASI import is called.
const names = new Array<string>();
for (let i = 0; i < 2000; i++) {
  names.push("item-" + i.toString());
}
let nameBytes = 0;
for (let i = 0; i < names.length; i++) {
  nameBytes += names[i].length;
}
const squares = new Int32Array(10000);
for (let i = 0; i < squares.length; i++) {
  squares[i] = i * i;
}

// 2. The first WASI calls.
const now = Date.now();
const r1 = Math.random();
const r2 = Math.random();
console.log("allocated " + names.length.toString() + " strings (" +
            nameBytes.toString() + " chars) before the first WASI call");
console.log("Date.now() = " + now.toString());
console.log("Math.random() = " + r1.toString() + ", " + r2.toString());

// 3. More allocation, shaped by the nondeterministic inputs.
const extra = 1000 + <i32>(r1 * 1000.0);
const more = new Array<string>();
let checksum: u32 = <u32>(now % 65536);
for (let i = 0; i < extra; i++) {
  const s = names[i % names.length] + "/" + (now % 1000).toString();
  more.push(s);
  checksum = checksum * 31 + <u32>s.length + <u32>squares[i % squares.length];
}
console.log("allocated " + more.length.toString() + " more strings, checksum " +
            checksum.toString());
