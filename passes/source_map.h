// Source maps (the JSON "V3" format) for the instrumented code. A wasm
// source map has one generated line whose columns are byte offsets from
// the start of the module file (emscripten's wasm-sourcemap.py adds the
// code section's start to DWARF's code-relative addresses), so the map is
// rewritten through the same CodeOffsetMap as DWARF.
#ifndef WRR_PASSES_SOURCE_MAP_H
#define WRR_PASSES_SOURCE_MAP_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "llvm/Support/Error.h"
#include "passes/dwarf_offsets.h"

namespace wrr {

// `json` rewritten for the output: every segment of "mappings" moved to the
// output's offset of the instruction it was at; everything else kept. An
// error says why the map cannot be read (not JSON, no "mappings", an index
// map, a damaged VLQ).
llvm::Expected<std::string> rewriteSourceMap(std::string_view json,
                                             const CodeOffsetMap &map);

// Appends the custom section that points a module at `url`.
void appendSourceMappingUrl(std::vector<uint8_t> &out, const std::string &url);

} // namespace wrr

#endif
