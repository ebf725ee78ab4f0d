// libFuzzer target for the trace decoder: whatever the bytes, reading them
// as a trace (binary, zstd-compressed, or the JSON form) ends in events or
// a clear error, never a crash, a hang or an unbounded allocation. And
// whatever binary trace the JSON form accepts comes back byte for byte.
//
// Built with clang-19 -fsanitize=fuzzer,address,undefined (test/fuzz/
// CMakeLists.txt); run it with
//   build/test/fuzz/trace_fuzzer -max_len=65536 CORPUS_DIR SEED_DIR
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "rrlib/trace.h"
#include "rrlib/trace_json.h"
#include "rrlib/trace_text.h"

namespace t = wrr::trace;

static void readEverything(std::span<const uint8_t> bytes, bool strict) {
  t::Reader r(t::openMemory(bytes));
  r.setStrictSplits(strict);
  t::Event e;
  size_t lines = 0;
  while (r.next(e)) {
    lines += t::formatEvent(e).size();
    lines += t::eventJsonLine(e).size();
  }
  // Once done, it stays done.
  if (r.next(e))
    std::abort();
  (void)lines;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::span<const uint8_t> input(data, size);
  readEverything(input, false);
  readEverything(input, true);

  // binary -> JSON -> binary is the identity wherever the JSON form
  // accepts the trace (compressed input comes back decompressed).
  static constexpr uint8_t kZstd[4] = {0x28, 0xb5, 0x2f, 0xfd};
  bool zstd = size >= 4 && std::memcmp(data, kZstd, 4) == 0;
  {
    t::Reader r(t::openMemory(input));
    t::VectorSink json;
    if (t::writeJson(r, json).empty()) {
      t::VectorSink binary;
      std::string text(json.bytes.begin(), json.bytes.end());
      std::string why = t::readJson(text, binary);
      if (!why.empty() ||
          (!zstd &&
           binary.bytes != std::vector<uint8_t>(input.begin(), input.end())))
        std::abort();
    }
  }

  // The JSON reader, on the bytes as text; what it writes reads back.
  t::VectorSink out;
  std::string_view text(reinterpret_cast<const char *>(data), size);
  if (t::readJson(text, out).empty())
    readEverything(out.bytes, false);
  return 0;
}
