// The outer structure of a WebAssembly binary: its sections, read without
// decoding their contents. One walker for everything in wrr that looks at a
// module's bytes (custom sections, the marker, splicing, DWARF checks).
#ifndef WRR_RRLIB_WASM_SECTIONS_H
#define WRR_RRLIB_WASM_SECTIONS_H

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "rrlib/leb128.h"

namespace wrr {

namespace section_id {
inline constexpr uint8_t kCustom = 0;
inline constexpr uint8_t kImport = 2;
inline constexpr uint8_t kMemory = 5;
inline constexpr uint8_t kCode = 10;
inline constexpr uint8_t kData = 11;
inline constexpr uint8_t kDataCount = 12;
} // namespace section_id

struct WasmSection {
  uint8_t id;
  size_t begin;   // the id byte
  size_t payload; // the first byte after the size
  size_t end;     // one past the last byte
  // Custom sections: the name, and where the bytes after it start.
  std::string_view name;
  size_t content;
};


// Appends a custom section named `name` holding `content`.
void appendCustomSection(std::vector<uint8_t> &out, std::string_view name,
                         std::span<const uint8_t> content);

// The module's sections in order, up to the first damaged section header
// (validation reports damage; this only finds what is there). Empty for
// bytes that do not start with the wasm magic and version 1.
std::vector<WasmSection> wasmSections(std::span<const uint8_t> module);

// Each function body's offset from the start of the code section's payload
// and its size, in order; empty if there is no code section.
struct FunctionBody {
  uint32_t offset;
  uint32_t size;
};
std::vector<FunctionBody> functionBodies(std::span<const uint8_t> module);

// The module's function imports (module and field names point into the
// bytes), in order; those read before a damaged import section ends.
// Tools use it to refuse early what they cannot run, before instrumenting.
struct FunctionImport {
  std::string_view module;
  std::string_view name;
};
std::vector<FunctionImport> functionImports(std::span<const uint8_t> module);

} // namespace wrr

#endif
