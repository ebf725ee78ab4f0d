#include "passes/wabt_reader.h"

#include "wabt/binary-reader.h"
#include "wabt/feature.h"
#include "wabt/interp/binary-reader-interp.h"
#include "wabt/interp/interp.h"

namespace wrr {
namespace {

std::string firstError(const wabt::Errors &errors) {
  if (errors.empty())
    return "unknown error";
  const wabt::Error &e = errors.front();
  std::string m = e.message;
  if (e.loc.offset != wabt::kInvalidOffset)
    m += " (at byte " + std::to_string(e.loc.offset) + ")";
  return m;
}

// Reads with `features`; WABT's first error on failure.
std::optional<std::string> read(const uint8_t *data, size_t size,
                                const wabt::Features &features,
                                wabt::interp::ModuleDesc *desc) {
  wabt::ReadBinaryOptions options(features, nullptr, /*read_debug_names=*/false,
                                  /*stop_on_first_error=*/true,
                                  /*fail_on_custom_section_error=*/false);
  wabt::Errors errors;
  if (wabt::Failed(wabt::interp::ReadBinaryInterp("module", data, size, options,
                                                  &errors, desc)))
    return firstError(errors);
  return std::nullopt;
}

} // namespace

std::optional<std::string> readValidModule(const uint8_t *data, size_t size,
                                           WabtModule *out) {
  // Binaryen 108 reads older encodings of relaxed SIMD and typed function
  // references, and not the memory index of multi-memory's instructions;
  // it exits on today's. WABT reads all of them, so a module that fails
  // without them but passes with one of them is valid, but not Binaryen's.
  wabt::Features binaryen;
  binaryen.EnableAll();
  binaryen.disable_relaxed_simd();
  binaryen.disable_function_references();
  binaryen.disable_multi_memory();
  wabt::interp::ModuleDesc desc;
  if (auto e = read(data, size, binaryen, &desc)) {
    struct Feature {
      void (wabt::Features::*enable)();
      const char *what;
    };
    for (Feature f : {Feature{&wabt::Features::enable_relaxed_simd, "relaxed SIMD"},
                      Feature{&wabt::Features::enable_function_references,
                              "typed function references"},
                      Feature{&wabt::Features::enable_multi_memory,
                              "multi-memory"}}) {
      wabt::Features more = binaryen;
      (more.*f.enable)();
      desc = {};
      if (!read(data, size, more, &desc)) {
        out->unsupported = f.what;
        break;
      }
    }
    if (out->unsupported.empty())
      return *e;
  }

  auto hasNul = [](const std::string &name) {
    return name.find('\0') != std::string::npos;
  };
  for (const wabt::interp::ExportDesc &e : desc.exports)
    out->nulInNames = out->nulInNames || hasNul(e.type.name);
  for (const wabt::interp::ImportDesc &import : desc.imports) {
    out->nulInNames = out->nulInNames || hasNul(import.type.module) ||
                      hasNul(import.type.name);
    const wabt::interp::ExternType *type = import.type.type.get();
    if (auto *func = wabt::dyn_cast<wabt::interp::FuncType>(type)) {
      out->funcImports.push_back(
          {import.type.module, import.type.name, func->params, func->results});
    } else if (auto *mem = wabt::dyn_cast<wabt::interp::MemoryType>(type)) {
      out->memories.push_back(mem->limits);
      ++out->importedMemories;
    }
  }
  for (const wabt::interp::MemoryDesc &memory : desc.memories)
    out->memories.push_back(memory.type.limits);
  if (!desc.starts.empty())
    out->start = desc.starts.front().func_index;
  return std::nullopt;
}

} // namespace wrr
