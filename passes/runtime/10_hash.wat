;; XXH64, bit-for-bit as libxxhash computes it (test/unit checks this), and
;; the call digest built on it (rrlib/trace.h: digestSeed, digestScalar,
;; digestBytes, digestFold).

(func $wrr.xxh_round (param $acc i64) (param $in i64) (result i64)
  (i64.mul
    (i64.rotl
      (i64.add (local.get $acc) (i64.mul (local.get $in) (i64.const 0xC2B2AE3D27D4EB4F)))
      (i64.const 31))
    (i64.const 0x9E3779B185EBCA87)))

(func $wrr.xxh_merge (param $h i64) (param $v i64) (result i64)
  (i64.add
    (i64.mul
      (i64.xor (local.get $h) (call $wrr.xxh_round (i64.const 0) (local.get $v)))
      (i64.const 0x9E3779B185EBCA87))
    (i64.const 0x85EBCA77C2B2AE63)))

(func $wrr.xxh64 (param $p i32) (param $len i32) (param $seed i64) (result i64)
  (local $end i32) (local $limit i32) (local $h i64)
  (local $v1 i64) (local $v2 i64) (local $v3 i64) (local $v4 i64)
  (local.set $end (i32.add (local.get $p) (local.get $len)))
  (if (i32.ge_u (local.get $len) (i32.const 32))
    (then
      (local.set $v1 (i64.add (local.get $seed) (i64.const 0x60EA27EEADC0B5D6)))
      (local.set $v2 (i64.add (local.get $seed) (i64.const 0xC2B2AE3D27D4EB4F)))
      (local.set $v3 (local.get $seed))
      (local.set $v4 (i64.sub (local.get $seed) (i64.const 0x9E3779B185EBCA87)))
      (local.set $limit (i32.sub (local.get $end) (i32.const 32)))
      (loop $stripes
        (local.set $v1 (i64.mul (i64.rotl (i64.add (local.get $v1) (i64.mul (i64.load (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F))) (i64.const 31)) (i64.const 0x9E3779B185EBCA87)))
        (local.set $v2 (i64.mul (i64.rotl (i64.add (local.get $v2) (i64.mul (i64.load offset=8 (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F))) (i64.const 31)) (i64.const 0x9E3779B185EBCA87)))
        (local.set $v3 (i64.mul (i64.rotl (i64.add (local.get $v3) (i64.mul (i64.load offset=16 (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F))) (i64.const 31)) (i64.const 0x9E3779B185EBCA87)))
        (local.set $v4 (i64.mul (i64.rotl (i64.add (local.get $v4) (i64.mul (i64.load offset=24 (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F))) (i64.const 31)) (i64.const 0x9E3779B185EBCA87)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br_if $stripes (i32.le_u (local.get $p) (local.get $limit))))
      (local.set $h
        (i64.add
          (i64.add (i64.rotl (local.get $v1) (i64.const 1)) (i64.rotl (local.get $v2) (i64.const 7)))
          (i64.add (i64.rotl (local.get $v3) (i64.const 12)) (i64.rotl (local.get $v4) (i64.const 18)))))
      (local.set $h (call $wrr.xxh_merge (local.get $h) (local.get $v1)))
      (local.set $h (call $wrr.xxh_merge (local.get $h) (local.get $v2)))
      (local.set $h (call $wrr.xxh_merge (local.get $h) (local.get $v3)))
      (local.set $h (call $wrr.xxh_merge (local.get $h) (local.get $v4))))
    (else
      (local.set $h (i64.add (local.get $seed) (i64.const 0x27D4EB2F165667C5)))))
  (local.set $h (i64.add (local.get $h) (i64.extend_i32_u (local.get $len))))
  (block $done8
    (loop $words
      (br_if $done8 (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $end)))
      (local.set $h
        (i64.add
          (i64.mul
            (i64.rotl
              (i64.xor (local.get $h) (i64.mul (i64.rotl (i64.mul (i64.load (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F)) (i64.const 31)) (i64.const 0x9E3779B185EBCA87)))
              (i64.const 27))
            (i64.const 0x9E3779B185EBCA87))
          (i64.const 0x85EBCA77C2B2AE63)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $words)))
  (if (i32.le_u (i32.add (local.get $p) (i32.const 4)) (local.get $end))
    (then
      (local.set $h
        (i64.add
          (i64.mul
            (i64.rotl
              (i64.xor (local.get $h)
                (i64.mul (i64.load32_u (local.get $p)) (i64.const 0x9E3779B185EBCA87)))
              (i64.const 23))
            (i64.const 0xC2B2AE3D27D4EB4F))
          (i64.const 0x165667B19E3779F9)))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))))
  (block $done1
    (loop $bytes
      (br_if $done1 (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $h
        (i64.mul
          (i64.rotl
            (i64.xor (local.get $h)
              (i64.mul (i64.load8_u (local.get $p)) (i64.const 0x27D4EB2F165667C5)))
            (i64.const 11))
          (i64.const 0x9E3779B185EBCA87)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $bytes)))
  (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 33))))
  (local.set $h (i64.mul (local.get $h) (i64.const 0xC2B2AE3D27D4EB4F)))
  (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))))
  (local.set $h (i64.mul (local.get $h) (i64.const 0x165667B19E3779F9)))
  (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32))))

;; Exported by the pass so tests can compare it with libxxhash.
(func $wrr.xxh64_export (export "wrr_xxh64") (param $p i32) (param $len i32) (param $seed i64) (result i64)
  (call $wrr.xxh64 (local.get $p) (local.get $len) (local.get $seed)))

(func $wrr.dseed (param $kind i32) (result i64)
  (i64.add (i64.const 0x27D4EB2F165667C5) (i64.extend_i32_u (local.get $kind))))

(func $wrr.dmix (param $h i64) (param $v i64) (result i64)
  (call $wrr.xxh_round (local.get $h) (local.get $v)))

;; Bytes the host would read. A region outside the program's memory is
;; not hashed (the host answers EFAULT; hashing would trap instead).
(func $wrr.dbytes (param $h i64) (param $p i32) (param $len i32) (result i64)
  (if (call $wrr.out_of_bounds (local.get $p) (local.get $len))
    (then (return (call $wrr.dmix (local.get $h) (i64.const -1)))))
  (call $wrr.xxh64 (local.get $p) (local.get $len) (local.get $h)))

;; The payload the host gathers from an iovec array.
(func $wrr.dgather (param $h i64) (param $iovs i32) (param $n i32) (result i64)
  (if (call $wrr.out_of_bounds (local.get $iovs) (i32.mul (local.get $n) (global.get $wrr.k.iovec)))
    (then (return (call $wrr.dmix (local.get $h) (i64.const -1)))))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $h
        (call $wrr.dbytes (local.get $h)
          (i32.load (local.get $iovs)) (i32.load offset=4 (local.get $iovs))))
      (local.set $iovs (i32.add (local.get $iovs) (global.get $wrr.k.iovec)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each)))
  (local.get $h))

(func $wrr.dfold (param $h i64) (result i32)
  (i32.wrap_i64 (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32)))))
