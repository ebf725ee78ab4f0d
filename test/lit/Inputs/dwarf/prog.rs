// A -g Rust program for test/lit/dwarf: reads the clock and random_get
// (through RandomState's keys), grows memory through Vec, prints, and
// panics (abort: `unreachable`) when given arguments.
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn random_u64() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u32(7);
    h.finish()
}

fn sum(v: &[u64]) -> u64 {
    let mut s = 0;
    for x in v {
        let t = x * 2;
        s += t;
    }
    s
}

fn main() {
    let start = Instant::now();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let r = random_u64();
    let big: Vec<u64> = (0..(1u64 << 17)).collect(); // grows memory
    let v: Vec<u64> = (1..=5).map(|i| i * (r % 97 + 1)).collect();
    println!("time {} random {} sum {} {}", now, r % 1000, sum(&v), big.len());
    if std::env::args().count() > 1 {
        panic!("asked to");
    }
    println!("elapsed {:?}", start.elapsed());
}
