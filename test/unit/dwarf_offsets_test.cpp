// CodeOffsetMap on hand-made code sections: where the instructions around
// an instrumented `unreachable` go.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "passes/dwarf_offsets.h"

namespace {

using Bytes = std::vector<uint8_t>;

// A module holding only a code section with one body (no locals) of
// `code`; the body's first instruction is at code offset 3 (count, size,
// local groups).
Bytes moduleWith(const Bytes &code) {
  Bytes body = {0x00};
  body.insert(body.end(), code.begin(), code.end());
  Bytes payload = {0x01, static_cast<uint8_t>(body.size())};
  payload.insert(payload.end(), body.begin(), body.end());
  Bytes m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0a,
             static_cast<uint8_t>(payload.size())};
  m.insert(m.end(), payload.begin(), payload.end());
  return m;
}

TEST(CodeOffsetMap, TrapSequenceBelongsToTheUnreachable) {
  // block; call 0; unreachable; end; local.get 0; drop; end
  Bytes in = moduleWith({0x02, 0x40, 0x10, 0x00, 0x00, 0x0b, 0x20, 0x00,
                         0x1a, 0x0b});
  // The `unreachable` became `block; call 1; unreachable; end; unreachable`;
  // a `nop` inserted later keeps the common suffix from deciding.
  Bytes out = moduleWith({0x02, 0x40, 0x10, 0x00, 0x02, 0x40, 0x10, 0x01,
                          0x00, 0x0b, 0x00, 0x0b, 0x20, 0x00, 0x1a, 0x01,
                          0x0b});
  std::string why;
  auto map = wrr::CodeOffsetMap::build(in, out, why);
  ASSERT_TRUE(map) << why;
  const uint32_t b = 3; // the first instruction
  EXPECT_EQ(map->map(b + 2), b + 2);  // call 0
  EXPECT_EQ(map->map(b + 4), b + 4);  // unreachable -> the inserted block
  EXPECT_EQ(map->map(b + 5), b + 11); // end -> after the trailing unreachable
  EXPECT_EQ(map->map(b + 6), b + 12); // local.get
}

TEST(CodeOffsetMap, OfRepeatedUnreachablesTheFirstIsKept) {
  // unreachable; unreachable; end -> call 1; unreachable; end
  Bytes in = moduleWith({0x00, 0x00, 0x0b});
  Bytes out = moduleWith({0x10, 0x01, 0x00, 0x0b});
  std::string why;
  auto map = wrr::CodeOffsetMap::build(in, out, why);
  ASSERT_TRUE(map) << why;
  const uint32_t b = 3;
  EXPECT_EQ(map->map(b), b);         // the trap: the call and its unreachable
  EXPECT_EQ(map->map(b + 1), b + 3); // dead code Binaryen dropped: at the end
}

TEST(CodeOffsetMap, DeadUnreachableAfterATrapDoesNotSplitIt) {
  // rustc's end of a function after a call that does not return:
  // call 0; unreachable; unreachable; end. Binaryen drops the dead second
  // `unreachable`; the first becomes the trap, whose writer-added trailing
  // `unreachable` must stay with it.
  Bytes in = moduleWith({0x10, 0x00, 0x00, 0x00, 0x0b});
  // call 0; block; call 1; unreachable; end; unreachable; end
  Bytes out = moduleWith({0x10, 0x00, 0x02, 0x40, 0x10, 0x01, 0x00, 0x0b,
                          0x00, 0x0b});
  std::string why;
  auto map = wrr::CodeOffsetMap::build(in, out, why);
  ASSERT_TRUE(map) << why;
  const uint32_t b = 3;
  EXPECT_EQ(map->map(b + 2), b + 2); // the trap: from its block
  EXPECT_EQ(map->map(b + 3), b + 9); // the dead one: after the whole trap
  EXPECT_EQ(map->map(b + 4), b + 9); // end
}

} // namespace
