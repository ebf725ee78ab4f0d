// wrr's instrumentation pass: makes every wasi_snapshot_preview1 call of a
// module recordable and replayable (see instrument.cpp).
#ifndef WRR_PASSES_INSTRUMENT_H
#define WRR_PASSES_INSTRUMENT_H

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include "rrlib/module_id.h"

namespace wrr {

// A source map to rewrite along with the module (docs/design.md, "DWARF and
// source maps").
struct SourceMapRewrite {
  std::string input;  // the input's map (JSON)
  std::string url;    // what the output's sourceMappingURL section says
  std::string output; // set: the map rewritten for the output
};

struct InstrumentOptions {
  // Pages (64 KiB) reserved at the top of memory for the log buffer.
  uint32_t bufferPages = 4;
  // Stamp the output with this identity instead of the input's, so that it
  // replays traces recorded from another build and reports where the two
  // builds part.
  std::optional<ModuleId> identity;
  // Receives warnings (one line each, no prefix): what was dropped and why.
  std::function<void(const std::string &)> warn;
  // When set, its map is rewritten for the output, and the output's
  // sourceMappingURL (added if the input has none) points at `url`; a map
  // that cannot be rewritten is an error. When not, a sourceMappingURL
  // section is dropped with a warning once the code moved.
  SourceMapRewrite *sourceMap = nullptr;
};

inline constexpr uint32_t kMinBufferPages = 1;
inline constexpr uint32_t kMaxBufferPages = 1024;

// The instrumented module, or why `input` cannot be instrumented. A module
// without WASI imports comes back unchanged.
llvm::Expected<std::vector<uint8_t>>
instrumentModule(std::span<const uint8_t> input,
                 const InstrumentOptions &options = {});

// Writes to `out` a module that replays the trace at `tracePath` by itself:
// `input` instrumented for replay only, with the trace embedded as a passive
// data segment, importing nothing but fd_write and proc_exit. The trace is
// checked first (integrity, and that it was recorded from `input`, or from
// the module options.identity names), and then streamed, never loaded whole.
llvm::Error bundleModule(std::span<const uint8_t> input,
                         const std::string &tracePath, llvm::raw_ostream &out,
                         const InstrumentOptions &options = {});

// The same, opening the stream only once the module is built and checked,
// so that nothing is created for input that is refused (or that Binaryen
// exits the process on).
using OpenOutput = std::function<llvm::Expected<llvm::raw_ostream *>()>;
llvm::Error bundleModule(std::span<const uint8_t> input,
                         const std::string &tracePath, const OpenOutput &open,
                         const InstrumentOptions &options = {});

// The version of wrr, as the trace header and --version show it.
const char *wrrVersion();

} // namespace wrr

#endif
