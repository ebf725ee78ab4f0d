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

} // namespace

std::optional<std::string> readValidModule(const uint8_t *data, size_t size,
                                           WabtModule *out) {
  wabt::Features features;
  features.EnableAll();
  wabt::ReadBinaryOptions options(features, nullptr, /*read_debug_names=*/false,
                                  /*stop_on_first_error=*/true,
                                  /*fail_on_custom_section_error=*/false);
  wabt::Errors errors;
  wabt::interp::ModuleDesc desc;
  if (wabt::Failed(wabt::interp::ReadBinaryInterp("module", data, size, options,
                                                  &errors, &desc)))
    return firstError(errors);

  for (const wabt::interp::ImportDesc &import : desc.imports) {
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
