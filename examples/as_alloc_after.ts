// as_alloc_after: AssemblyScript whose first WASI call (console.log ->
// fd_write) comes before any heap work, followed by heavy allocation that
// grows linear memory several times (memory.grow), then a checksum print.

// A string literal needs no concatenation; console.log only allocates the
// small UTF-8 buffer it encodes the message into before calling fd_write.
const pagesBefore = memory.size();
console.log("start");

const strings = new Array<string>();
let checksum: u32 = 2166136261;
for (let i = 0; i < 200000; i++) {
  const s = "entry #" + i.toString() + " of many";
  strings.push(s);
  for (let j = 0; j < s.length; j++) {
    checksum = (checksum ^ <u32>s.charCodeAt(j)) * 16777619;
  }
}
const buffers = new Array<Uint8Array>();
for (let i = 0; i < 64; i++) {
  const b = new Uint8Array(64 * 1024);
  b.fill(<u8>i);
  buffers.push(b);
  checksum = checksum * 31 + <u32>b[b.length - 1];
}
const pagesAfter = memory.size();

console.log("built " + strings.length.toString() + " strings and " +
            buffers.length.toString() + " 64 KiB buffers");
console.log("memory grew from " + pagesBefore.toString() + " to " +
            pagesAfter.toString() + " pages");
console.log("checksum " + checksum.toString());
