// A thin RAII layer over Binaryen's C API (Debian's binaryen 108 ships only
// binaryen-c.h): owning handles, and reading and writing modules.
#ifndef WRR_PASSES_BINARYEN_H
#define WRR_PASSES_BINARYEN_H

#include <binaryen-c.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace wrr::bn {

struct ModuleDeleter {
  void operator()(BinaryenModuleRef m) const { BinaryenModuleDispose(m); }
};
using Module =
    std::unique_ptr<std::remove_pointer_t<BinaryenModuleRef>, ModuleDeleter>;

// Binaryen aborts the process on malformed input: validate `bytes` first
// (passes/module_info.h).
Module read(std::span<const uint8_t> bytes);

// What WABT validates and Binaryen 108 still cannot parse (blocks with
// parameters in some shapes) makes its reader print two lines and exit the
// process with status 1. `f` gets the parser's message instead, just before
// that exit, to say it in one line; by default it is printed as
// "Binaryen 108 cannot read the module: MESSAGE".
void onReadFailure(std::function<void(const std::string &message)> f);

// Writes the module in binary form, with a name section if `names`.
std::vector<uint8_t> write(BinaryenModuleRef module, bool names);

// Validates `module` quietly (Binaryen's validator prints pages of IR to
// std::cerr); on failure `firstError` gets the first line it printed.
bool validate(BinaryenModuleRef module, std::string *firstError = nullptr);

// Makes `module` validate when it uses features its target_features
// section does not declare: adds exactly those to its features (so the
// output declares them too). False, with the validator's first line, when
// it does not validate even with every feature Binaryen knows.
bool settleFeatures(BinaryenModuleRef module, std::string *firstError);

// Whether `func` is an import.
bool isImport(BinaryenFunctionRef func);

} // namespace wrr::bn

#endif
