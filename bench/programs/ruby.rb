# The `ruby` workload's script (bench/wrr_bench.cpp), which CRuby evaluates
# under bench/programs/ruby-host.mjs: core Ruby only (no gems), with random
# numbers, clock reads and a file read among its work. (With 150,000 words
# and a 400,000-cell sieve, Node 20 itself died of SIGSEGV under plain
# node:wasi: keep the sizes modest.)
rng = Random.new
words = Array.new(60_000) { Array.new(rng.rand(3..9)) { (97 + rng.rand(26)).chr }.join }
counts = Hash.new(0)
words.each { |w| counts[w[0, 2]] += 1 }
top = counts.sort_by { |k, v| [-v, k] }.first(3)
sorted = words.sort
sieve = Array.new(200_000, true)
(2..Math.sqrt(sieve.size)).each { |i| (i * i).step(sieve.size - 1, i) { |j| sieve[j] = false } if sieve[i] }
primes = (2...sieve.size).count { |i| sieve[i] }
fib = (1..3000).reduce([0, 1]) { |(a, b), _| [b, a + b] }.first
ticks = Array.new(20_000) { Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond) }
me = File.read(__FILE__)
puts "words #{words.size}, first #{sorted.first}, top #{top.inspect}"
puts "primes below #{sieve.size}: #{primes}; fib(3000) has #{fib.to_s.size} digits"
puts "clock reads: #{ticks.size}, monotonic: #{ticks.each_cons(2).all? { |a, b| a <= b }}"
puts "this script: #{me.lines.size} lines"
$stdout.flush
