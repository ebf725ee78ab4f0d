// reactor.wasm traps in an execute that the host calls from inside the
// program's own call of env.host_value: the trap unwinds through the
// import into the outer execute, and the host catches it there.
let exports;
let nested = false;

function write(text) {
  const bytes = new TextEncoder().encode(text);
  const p = exports.alloc(bytes.length);
  new Uint8Array(exports.memory.buffer, p, bytes.length).set(bytes);
  return [p, bytes.length];
}

export function imports(importObject) {
  importObject.env = {
    host_value: (key) => {
      if (!nested) {
        nested = true;
        exports.execute(...write("trap inside"));
      }
      return BigInt(key);
    },
    host_note: () => 0,
  };
}

export async function main(instance) {
  exports = instance.exports;
  try {
    exports.execute(...write("outer"));
  } catch (e) {
    console.error(`host: caught ${e.constructor.name} out of the outer call`);
  }
}
