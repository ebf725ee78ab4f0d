// The host of the `ruby` workload (bench/wrr_bench.cpp): drives CRuby from
// npm (@ruby/3.4-wasm-wasi's ruby.wasm, a reactor) through @ruby/wasm-wasi's
// RubyVM, which evaluates the script granted as /s/ruby.rb. The script is
// read through WASI, so a recording holds it.
import { RubyVM } from "@ruby/wasm-wasi";

const vm = new RubyVM();

export function imports(importObject) {
  vm.addToImports(importObject);
}

export async function main(instance) {
  await vm.setInstance(instance);
  vm.initialize(["ruby.wasm", "--disable-all", "-EUTF-8", "-e_=0"]);
  vm.eval('eval(File.read("/s/ruby.rb"), binding, "/s/ruby.rb")');
}
