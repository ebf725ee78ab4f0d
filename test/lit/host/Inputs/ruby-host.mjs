// The host of CRuby from npm (@ruby/3.4-wasm-wasi's ruby.wasm, a reactor that
// imports rb-js-abi-host and canonical_abi), driven through @ruby/wasm-wasi's
// RubyVM as its own instantiateModule does, minus what wrr does for it
// (instantiate, _initialize). The Ruby reads the clock, randomness and the
// file the test grants as /data/greeting.txt.
// RUBY_RAISE=1: the Ruby raises instead; RubyVM turns the exception into a
// JavaScript RbError (asking the VM for its message and backtrace), which
// fails the host's main after Ruby printed a line.
import process from "node:process";
import { RubyVM } from "@ruby/wasm-wasi";

const vm = new RubyVM();

export function imports(importObject) {
  vm.addToImports(importObject);
}

export async function main(instance) {
  await vm.setInstance(instance);
  vm.initialize(["ruby.wasm", "--disable-all", "-EUTF-8", "-e_=0"]);
  if (process.env.RUBY_RAISE) {
    vm.eval(`
      puts "about to fail at #{Time.now.to_i}"
      $stdout.flush
      raise ArgumentError, "no greeting for #{rand(100)}"
    `);
  }
  vm.eval(`
    now = Time.now
    puts "ruby #{RUBY_VERSION}: the time is #{now.to_i}.#{now.nsec}"
    puts "rand: #{rand(1_000_000)} #{Random.new_seed % 1000}"
    puts File.read("/data/greeting.txt")
    $stdout.flush
  `);
  const sum = vm.eval("[1, 2, 3].sum + rand(10)").toString();
  console.error(`host: ruby returned ${sum}`);
}
