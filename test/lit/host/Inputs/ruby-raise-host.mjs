// CRuby raising: RubyVM turns the exception into a JavaScript RbError
// (asking the VM for its message and backtrace), which fails the host's
// main after Ruby printed a line.
import { RubyVM } from "@ruby/wasm-wasi";

const vm = new RubyVM();

export function imports(importObject) {
  vm.addToImports(importObject);
}

export async function main(instance) {
  await vm.setInstance(instance);
  vm.initialize(["ruby.wasm", "--disable-all", "-EUTF-8", "-e_=0"]);
  vm.eval(`
    puts "about to fail at #{Time.now.to_i}"
    $stdout.flush
    raise ArgumentError, "no greeting for #{rand(100)}"
  `);
}
