// DWARF for the instrumented code: rewrites the input's .debug_* sections
// through a CodeOffsetMap, so that they describe the output. Format-only
// work over the section bytes (see docs/design.md, "DWARF and source maps",
// for why not LLVM's DWARF libraries or Binaryen's DWARF writer).
#ifndef WRR_PASSES_DWARF_REWRITE_H
#define WRR_PASSES_DWARF_REWRITE_H

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "llvm/Support/Error.h"
#include "passes/dwarf_offsets.h"

namespace wrr {

// `sections`: whole custom sections (id, size, name, content), concatenated,
// as binaryen_input.h keeps those that describe code. Returns them, in the
// same order, rewritten for the output: .debug_line re-encoded at the new
// addresses, .debug_info / .debug_addr / .debug_aranges / .debug_ranges /
// .debug_loc patched in place, .debug_rnglists / .debug_loclists
// re-encoded (and the offsets into them patched). The other .debug_*
// sections hold no code addresses and are kept. A source map or external
// debug info that cannot be rewritten here is dropped through `warn`,
// never kept stale. An error means DWARF this does not understand
// (DWARF64, a damaged unit): the caller drops all of it.
llvm::Expected<std::vector<uint8_t>>
rewriteDebugSections(std::span<const uint8_t> sections,
                     const CodeOffsetMap &map,
                     const std::function<void(const std::string &)> &warn);

} // namespace wrr

#endif
