#include "passes/wabt_reader.h"

#include <algorithm>

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

// `base` with only the features `declared` names among those both WABT and
// Binaryen 108 know, and bulk memory; nullopt when WABT turns a feature
// left out back on (exception handling needs reference types).
std::optional<wabt::Features> onlyDeclared(wabt::Features base,
                                           const std::vector<std::string> &declared) {
  struct Feature {
    const char *name; // as target_features spells it
    bool (wabt::Features::*enabled)() const;
    void (wabt::Features::*set)(bool);
  };
#define WRR_FEATURE(NAME, VAR)                                                 \
  Feature { NAME, &wabt::Features::VAR##_enabled, &wabt::Features::set_##VAR##_enabled }
  static const Feature kFeatures[] = {
      WRR_FEATURE("atomics", threads),
      WRR_FEATURE("exception-handling", exceptions),
      WRR_FEATURE("mutable-globals", mutable_globals),
      WRR_FEATURE("nontrapping-fptoint", sat_float_to_int),
      WRR_FEATURE("sign-ext", sign_extension),
      WRR_FEATURE("simd128", simd),
      WRR_FEATURE("tail-call", tail_call),
      WRR_FEATURE("reference-types", reference_types),
      WRR_FEATURE("multivalue", multi_value),
      WRR_FEATURE("gc", gc),
      WRR_FEATURE("memory64", memory64),
      WRR_FEATURE("extended-const", extended_const),
  };
#undef WRR_FEATURE
  auto wanted = [&](const Feature &f) {
    return std::find(declared.begin(), declared.end(), f.name) != declared.end();
  };
  for (const Feature &f : kFeatures)
    if (!wanted(f))
      (base.*f.set)(false);
  for (const Feature &f : kFeatures)
    if ((base.*f.enabled)() && !wanted(f))
      return std::nullopt;
  return base;
}

} // namespace

std::optional<std::string> readValidModule(const uint8_t *data, size_t size,
                                           WabtModule *out,
                                           const std::vector<std::string> *declared) {
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
  if (declared) {
    std::optional<wabt::Features> only = onlyDeclared(binaryen, *declared);
    out->declaredSuffice = only && !read(data, size, *only, &desc);
    if (!out->declaredSuffice)
      desc = {};
  }
  if (auto e = out->declaredSuffice ? std::nullopt
                                    : read(data, size, binaryen, &desc)) {
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
