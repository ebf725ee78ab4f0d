// Tests for virtualizeMemoryOps: memory.size / memory.grow in every position
// the C API walker must reach, the skip prefix, refusal of GC instructions,
// and nesting far deeper than a recursive walk could survive.

#include "passes/memory_ops.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include <binaryen-c.h>
#include <gtest/gtest.h>

namespace {

constexpr const char *kSizeFn = "__wrr_memory_size";
constexpr const char *kGrowFn = "__wrr_memory_grow";
constexpr std::string_view kSkip = "__wrr_";

// The helpers themselves use the real instructions; the skip prefix is what
// keeps them from being turned into self-calls.
constexpr const char *kHelpers = R"(
  (func $__wrr_memory_size (result i32) (memory.size))
  (func $__wrr_memory_grow (param $delta i32) (result i32)
    (memory.grow (local.get $delta)))
)";

struct ModuleDeleter {
  void operator()(BinaryenModuleRef m) const { BinaryenModuleDispose(m); }
};
using Module =
    std::unique_ptr<std::remove_pointer_t<BinaryenModuleRef>, ModuleDeleter>;

// Wraps `body` (module fields) in a module with the helpers and all features.
Module parseModule(std::string_view body, bool withHelpers = true) {
  std::string text = "(module\n";
  text += body;
  if (withHelpers)
    text += kHelpers;
  text += ")\n";
  Module m(BinaryenModuleParse(text.c_str()));
  if (m)
    BinaryenModuleSetFeatures(m.get(), BinaryenFeatureAll());
  return m;
}

std::string printModule(BinaryenModuleRef m) {
  char *text = BinaryenModuleAllocateAndWriteText(m);
  std::string result(text);
  free(text);
  return result;
}

unsigned countOf(const std::string &haystack, std::string_view needle) {
  unsigned n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size()))
    ++n;
  return n;
}

unsigned memoryOpsInText(BinaryenModuleRef m) {
  std::string text = printModule(m);
  return countOf(text, "memory.size") + countOf(text, "memory.grow");
}

// Runs the pass and expects success.
unsigned virtualize(BinaryenModuleRef m, std::string_view skip = kSkip) {
  llvm::Expected<unsigned> replaced =
      wrr::virtualizeMemoryOps(m, kSizeFn, kGrowFn, skip);
  if (!replaced) {
    ADD_FAILURE() << llvm::toString(replaced.takeError());
    return ~0u;
  }
  return *replaced;
}

// Runs the pass on `fields` and checks the count, that the result validates,
// and that only the two helpers still use the real instructions.
void expectVirtualized(std::string_view fields, unsigned expected) {
  Module m = parseModule(fields);
  ASSERT_TRUE(m);
  ASSERT_TRUE(BinaryenModuleValidate(m.get())) << "input does not validate";
  ASSERT_EQ(memoryOpsInText(m.get()), expected + 2) << "test input miscounted";

  EXPECT_EQ(virtualize(m.get()), expected);
  EXPECT_TRUE(BinaryenModuleValidate(m.get())) << printModule(m.get());
  EXPECT_EQ(memoryOpsInText(m.get()), 2u) << printModule(m.get());
  // Idempotent: nothing is left to replace.
  EXPECT_EQ(virtualize(m.get()), 0u);
}

TEST(MemoryOps, RewritesToExactCalls) {
  Module m = parseModule(R"(
    (memory 1)
    (func $f (result i32)
      (drop (memory.grow (memory.grow (memory.size))))
      (memory.size))
    (func $body (result i32) (memory.size))
    (func $bodyGrow (result i32) (memory.grow (i32.const 1)))
  )");
  ASSERT_TRUE(m);
  EXPECT_EQ(virtualize(m.get()), 6u);

  Module want = parseModule(R"(
    (memory 1)
    (func $f (result i32)
      (drop (call $__wrr_memory_grow
              (call $__wrr_memory_grow (call $__wrr_memory_size))))
      (call $__wrr_memory_size))
    (func $body (result i32) (call $__wrr_memory_size))
    (func $bodyGrow (result i32) (call $__wrr_memory_grow (i32.const 1)))
  )");
  ASSERT_TRUE(want);
  EXPECT_EQ(printModule(m.get()), printModule(want.get()));
  EXPECT_TRUE(BinaryenModuleValidate(m.get()));
}

TEST(MemoryOps, ControlFlowAndCalls) {
  expectVirtualized(R"(
    (memory 1)
    (table 1 funcref)
    (global $g (mut i32) (i32.const 0))
    (type $sig (func (param i32) (result i32)))
    (func $callee (param i32) (param i32) (result i32) (local.get 0))
    (func $id (param i32) (result i32) (local.get 0))
    (elem (i32.const 0) $id)
    (func $f (param $p i32) (result i32) (local $l i32)
      (block $b (result i32)
        (if (memory.size)
          (then (drop (memory.grow (memory.size))))
          (else (drop (memory.size))))
        (loop $loop (drop (memory.size)))
        (drop (br_if $b (memory.size) (memory.size)))
        (drop (block $inner (result i32)
          (br_table $inner $inner (memory.size) (memory.size))))
        (drop (call $callee (memory.size) (memory.grow (memory.size))))
        (drop (call_indirect (type $sig) (memory.size) (memory.size)))
        (local.set $l (memory.size))
        (drop (local.tee $l (memory.size)))
        (global.set $g (memory.size))
        (drop (i32.load (memory.size)))
        (i32.store (memory.size) (memory.grow (memory.size)))
        (drop (i32.eqz (memory.size)))
        (drop (i32.add (memory.size) (memory.grow (memory.grow (memory.size)))))
        (drop (select (memory.size) (memory.size) (memory.size)))
        (if (local.get $p) (then (return (memory.size))))
        (br $b (memory.grow (memory.size)))))
  )",
                    32);
}

TEST(MemoryOps, AtomicsSimdAndBulkMemory) {
  expectVirtualized(R"(
    (memory (shared 1 1))
    (data $d "abcd")
    (table $t 1 funcref)
    (func $f
      (drop (i32.atomic.rmw.add (memory.size) (memory.size)))
      (drop (i32.atomic.rmw.cmpxchg (memory.size) (memory.size) (memory.size)))
      (drop (memory.atomic.wait32 (memory.size) (memory.size) (i64.const 0)))
      (drop (memory.atomic.notify (memory.size) (memory.size)))
      (atomic.fence)
      (drop (i32x4.extract_lane 0 (i32x4.splat (memory.size))))
      (drop (i32x4.replace_lane 1 (i32x4.splat (memory.size)) (memory.size)))
      (drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
              (i32x4.splat (memory.size)) (i32x4.splat (memory.size))))
      (drop (v128.bitselect (i32x4.splat (memory.size))
              (i32x4.splat (memory.size)) (i32x4.splat (memory.size))))
      (drop (i32x4.shl (i32x4.splat (memory.size)) (memory.size)))
      (drop (v128.load32_splat (memory.size)))
      (drop (v128.load32_lane 1 (memory.size) (i32x4.splat (memory.size))))
      (v128.store32_lane 2 (memory.size) (i32x4.splat (memory.size)))
      (memory.init $d (memory.size) (memory.size) (memory.grow (memory.size)))
      (data.drop $d)
      (memory.copy (memory.size) (memory.size) (memory.size))
      (memory.fill (memory.size) (memory.size) (memory.size))
      (drop (table.get $t (memory.size)))
      (table.set $t (memory.size)
        (if (result funcref) (memory.size)
          (then (ref.null func)) (else (ref.null func))))
      (drop (table.grow $t
        (if (result funcref) (memory.size)
          (then (ref.null func)) (else (ref.null func)))
        (memory.size)))
      (drop (table.size $t)))
  )",
                    39);
}

TEST(MemoryOps, ExceptionsTuplesAndReferences) {
  expectVirtualized(R"(
    (memory 1)
    (tag $e (param i32))
    (func $r (result i32) (i32.const 0))
    (elem declare func $r)
    (func $f (result i32)
      (try
        (do (throw $e (memory.grow (memory.size))))
        (catch $e (drop (pop i32)) (drop (memory.size)))
        (catch_all (drop (memory.size))))
      (try $t
        (do (drop (memory.size)))
        (delegate 0))
      (drop (tuple.extract 1 (tuple.make (i64.const 0) (memory.size))))
      (drop (ref.is_null
              (if (result funcref) (memory.size)
                (then (ref.func $r)) (else (ref.null func)))))
      (drop (ref.as_non_null
              (select (result funcref) (ref.func $r) (ref.func $r)
                (memory.size))))
      (drop (ref.eq (i31.new (memory.size)) (i31.new (memory.size))))
      (i31.get_s (i31.new (memory.grow (memory.size)))))
  )",
                    12);
}

TEST(MemoryOps, UnreachableDelta) {
  expectVirtualized(R"(
    (memory 1)
    (func $f (result i32) (memory.grow (unreachable)))
    (func $g (drop (i32.add (memory.size) (memory.grow (unreachable)))))
  )",
                    3);
}

TEST(MemoryOps, SkipsPrefixedAndImportedFunctions) {
  Module m = parseModule(R"(
    (import "env" "imported" (func $imported (result i32)))
    (memory 1)
    (type $s (struct (field i32)))
    (func $__wrr_untouched (result i32)
      (drop (struct.new_default_with_rtt $s (rtt.canon $s)))
      (memory.grow (memory.size)))
    (func $f (result i32) (memory.size))
  )");
  ASSERT_TRUE(m);
  // GC code is never walked when its function is skipped.
  EXPECT_EQ(virtualize(m.get()), 1u);
  EXPECT_TRUE(BinaryenModuleValidate(m.get()));
  std::string text = printModule(m.get());
  // The skipped function plus the two helpers.
  EXPECT_EQ(countOf(text, "memory.size"), 2u) << text;
  EXPECT_EQ(countOf(text, "memory.grow"), 2u) << text;
}

TEST(MemoryOps, EmptyPrefixSkipsNothing) {
  Module m = parseModule(R"(
    (memory 1)
    (func $size (result i32) (i32.const 1))
    (func $grow (param i32) (result i32) (local.get 0))
    (func $f (result i32) (memory.grow (memory.size)))
  )",
                         /*withHelpers=*/false);
  ASSERT_TRUE(m);
  llvm::Expected<unsigned> replaced =
      wrr::virtualizeMemoryOps(m.get(), "size", "grow", "");
  ASSERT_TRUE(static_cast<bool>(replaced))
      << llvm::toString(replaced.takeError());
  EXPECT_EQ(*replaced, 2u);
  EXPECT_EQ(memoryOpsInText(m.get()), 0u);
  EXPECT_TRUE(BinaryenModuleValidate(m.get()));
}

TEST(MemoryOps, RefusesGcAndLeavesModuleUntouched) {
  Module m = parseModule(R"(
    (memory 1)
    (type $s (struct (field i32)))
    (func $first (result i32) (memory.grow (memory.size)))
    (func $gc
      (drop (struct.new_default_with_rtt $s (rtt.canon $s))))
  )");
  ASSERT_TRUE(m);
  std::string before = printModule(m.get());

  llvm::Expected<unsigned> replaced =
      wrr::virtualizeMemoryOps(m.get(), kSizeFn, kGrowFn, kSkip);
  ASSERT_FALSE(static_cast<bool>(replaced));
  std::string message = llvm::toString(replaced.takeError());
  EXPECT_EQ(message, "unsupported expression kind " +
                         std::to_string(BinaryenStructNewId()) +
                         " in function gc");
  EXPECT_EQ(printModule(m.get()), before);
}

// Builds (block (block ... (block (drop (memory.size)) ...) X) X) with `depth`
// blocks, where X is (drop (memory.grow (memory.size))) at every level.
BinaryenExpressionRef buildNestedBlocks(BinaryenModuleRef m, unsigned depth) {
  BinaryenExpressionRef inner = BinaryenDrop(m, BinaryenMemorySize(m));
  for (unsigned i = 0; i < depth; ++i) {
    BinaryenExpressionRef grow =
        BinaryenDrop(m, BinaryenMemoryGrow(m, BinaryenMemorySize(m)));
    BinaryenExpressionRef children[] = {inner, grow};
    inner = BinaryenBlock(m, nullptr, children, 2, BinaryenTypeNone());
  }
  return inner;
}

// Builds (i32.add (i32.add ... (memory.size) ...) (memory.size)) `depth`
// deep: nesting through a non-block, which Binaryen's printer cannot show.
BinaryenExpressionRef buildNestedAdds(BinaryenModuleRef m, unsigned depth) {
  BinaryenExpressionRef value = BinaryenMemorySize(m);
  for (unsigned i = 0; i < depth; ++i)
    value = BinaryenBinary(m, BinaryenAddInt32(), value, BinaryenMemorySize(m));
  return value;
}

TEST(MemoryOps, DeepNestingDoesNotOverflow) {
  constexpr unsigned kDepth = 100000;
  Module m = parseModule("(memory 1)");
  ASSERT_TRUE(m);
  BinaryenAddFunction(m.get(), "blocks", BinaryenTypeNone(), BinaryenTypeNone(),
                      nullptr, 0, buildNestedBlocks(m.get(), kDepth));
  BinaryenAddFunction(m.get(), "adds", BinaryenTypeNone(), BinaryenTypeInt32(),
                      nullptr, 0, buildNestedAdds(m.get(), kDepth));

  EXPECT_EQ(virtualize(m.get()), (1 + 2 * kDepth) + (1 + kDepth));
  EXPECT_TRUE(BinaryenModuleValidate(m.get()));
  EXPECT_EQ(virtualize(m.get()), 0u);
}

// Binaryen's printer indents every level, so text output of the deep case
// above would be quadratic; check the text at a depth it can print.
TEST(MemoryOps, NestedBlocksPrintClean) {
  constexpr unsigned kDepth = 1000;
  Module m = parseModule("(memory 1)");
  ASSERT_TRUE(m);
  BinaryenAddFunction(m.get(), "blocks", BinaryenTypeNone(), BinaryenTypeNone(),
                      nullptr, 0, buildNestedBlocks(m.get(), kDepth));
  EXPECT_EQ(virtualize(m.get()), 1 + 2 * kDepth);
  // Only the helpers keep the real instructions.
  EXPECT_EQ(memoryOpsInText(m.get()), 2u);
}

} // namespace
