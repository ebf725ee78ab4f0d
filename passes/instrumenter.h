// The pass's own pieces, shared by instrument.cpp (the run and the byte
// pipeline), thunks.cpp (a thunk from each WASI row) and runtime_link.cpp
// (the runtime merged in, its constants and the functions it calls).
#ifndef WRR_PASSES_INSTRUMENTER_H
#define WRR_PASSES_INSTRUMENTER_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "passes/binaryen.h"
#include "passes/instrument.h"
#include "passes/module_info.h"
#include "rrlib/module_id.h"
#include "rrlib/wasi_table.h"
#include "llvm/Support/Error.h"

namespace wrr::detail {

constexpr uint32_t kMaxPages = 65536;
constexpr const char *kPrefix = "wrr.";
constexpr const char *kHostPrefix = "wrr.h.";

// Builds the module's IR; every helper is one WAT instruction.
class IR {
public:
  explicit IR(BinaryenModuleRef m) : m_(m) {}
  BinaryenModuleRef module() const { return m_; }

  BinaryenExpressionRef i32(int32_t v) {
    return BinaryenConst(m_, BinaryenLiteralInt32(v));
  }
  BinaryenExpressionRef i64(int64_t v) {
    return BinaryenConst(m_, BinaryenLiteralInt64(v));
  }
  BinaryenExpressionRef get(BinaryenIndex i, BinaryenType t) {
    return BinaryenLocalGet(m_, i, t);
  }
  BinaryenExpressionRef set(BinaryenIndex i, BinaryenExpressionRef v) {
    return BinaryenLocalSet(m_, i, v);
  }
  BinaryenExpressionRef global(const char *name, BinaryenType t) {
    return BinaryenGlobalGet(m_, name, t);
  }
  BinaryenExpressionRef call(const std::string &fn,
                             std::vector<BinaryenExpressionRef> args,
                             BinaryenType result = BinaryenTypeNone()) {
    return BinaryenCall(m_, fn.c_str(), args.data(), args.size(), result);
  }
  BinaryenExpressionRef block(std::vector<BinaryenExpressionRef> body,
                              const char *name = nullptr,
                              BinaryenType t = BinaryenTypeAuto()) {
    return BinaryenBlock(m_, name, body.data(), body.size(), t);
  }
  BinaryenExpressionRef when(BinaryenExpressionRef cond,
                             BinaryenExpressionRef then,
                             BinaryenExpressionRef otherwise = nullptr) {
    return BinaryenIf(m_, cond, then, otherwise);
  }
  BinaryenExpressionRef binary(BinaryenOp op, BinaryenExpressionRef a,
                               BinaryenExpressionRef b) {
    return BinaryenBinary(m_, op, a, b);
  }
  BinaryenExpressionRef unary(BinaryenOp op, BinaryenExpressionRef a) {
    return BinaryenUnary(m_, op, a);
  }
  BinaryenExpressionRef load32(BinaryenExpressionRef ptr, uint32_t off = 0) {
    return BinaryenLoad(m_, 4, false, off, 1, BinaryenTypeInt32(), ptr);
  }
  BinaryenExpressionRef store(unsigned bytes, BinaryenExpressionRef ptr,
                              uint32_t off, BinaryenExpressionRef value,
                              BinaryenType t) {
    return BinaryenStore(m_, bytes, off, 1, ptr, value, t);
  }
  BinaryenExpressionRef ret(BinaryenExpressionRef v = nullptr) {
    return BinaryenReturn(m_, v);
  }
  BinaryenExpressionRef drop(BinaryenExpressionRef v) {
    return BinaryenDrop(m_, v);
  }
  BinaryenExpressionRef unreachable() { return BinaryenUnreachable(m_); }

private:
  BinaryenModuleRef m_;
};

BinaryenType wasmType(ValType t);
BinaryenType paramsType(const WasiFunction &f);
BinaryenType resultType(const WasiFunction &f);
std::string hostName(std::string_view wasiName);
// The number of the first sent item of row `kind` (runtime_link.cpp).
int32_t firstSentId(uint8_t kind);

// Builds $wrr.g.* string tables: (id, dst) -> length (runtime_link.cpp).
BinaryenExpressionRef stringSwitch(IR &ir,
                                   const std::vector<std::string_view> &texts);

// A wrapped export or a thunked non-WASI import (host_calls.cpp).
struct HostFunction {
  bool isExport;
  std::string name;     // the export's name, or the import's
  std::string module;   // an import's module
  std::string function; // the function it names (the import's own name)
  std::vector<BinaryenType> params, results;
  uint64_t hash; // of the name(s), as replay finds them (45_host.wat)
};

// A bundle replays a trace embedded as passive data segment `segment`.
struct Bundle {
  uint32_t segment = 0;
  uint32_t traceSize = 0;
};

class Instrumenter {
public:
  // `featuresSection`: whether Binaryen read a target_features section.
  Instrumenter(BinaryenModuleRef m, const ModuleInfo &info,
               bool featuresSection, const ModuleId &id,
               const InstrumentOptions &options,
               std::optional<Bundle> bundle = std::nullopt)
      : m_(m), ir_(m), info_(info), featuresSection_(featuresSection), id_(id),
        options_(options), bundle_(bundle) {}

  llvm::Error run();

private:
  llvm::Error checkNames();
  llvm::Error mergeRuntime();
  void addGeneratedFunction(const std::string &name, const char *base);
  llvm::Expected<int32_t> constant(const std::string &base);
  void ensureHostImport(const WasiFunction &f);
  void replaceImport(BinaryenFunctionRef import);
  BinaryenExpressionRef thunkBody(const WasiFunction &f, uint8_t kind);
  BinaryenExpressionRef digest(const WasiFunction &f, uint8_t kind);
  BinaryenExpressionRef recordPath(const WasiFunction &f, uint8_t kind);
  BinaryenExpressionRef replayPath(const WasiFunction &f, uint8_t kind);
  BinaryenExpressionRef regionLength(const WasiFunction &f, const Len &len);
  BinaryenExpressionRef recordRegion(const WasiFunction &f, const Region &r);
  BinaryenExpressionRef replayRegion(const WasiFunction &f, uint8_t kind,
                                     const Region &r);
  BinaryenExpressionRef hostCall(const WasiFunction &f);
  std::vector<BinaryenExpressionRef> sentItems(const WasiFunction &f,
                                               uint8_t kind, bool record);
  BinaryenExpressionRef param(const WasiFunction &f, unsigned i) {
    return ir_.get(i, wasmType(f.params[i]));
  }
  // A scalar parameter as the digest and the sent items take it: a u64.
  BinaryenExpressionRef scalarParam(const WasiFunction &f, unsigned i) {
    BinaryenExpressionRef v = param(f, i);
    if (f.params[i] == ValType::I32)
      v = ir_.unary(BinaryenExtendUInt32(), v);
    return v;
  }
  std::vector<BinaryenExpressionRef> allParams(const WasiFunction &f) {
    std::vector<BinaryenExpressionRef> args;
    for (unsigned i = 0; i < f.numParams; ++i)
      args.push_back(param(f, i));
    return args;
  }
  BinaryenExpressionRef headerFunction();
  BinaryenExpressionRef messageFunction();
  BinaryenExpressionRef nameFunction();
  BinaryenExpressionRef errnoFunction();
  BinaryenExpressionRef sentNameFunction();
  BinaryenExpressionRef pollFunction();
  llvm::Error collectHostCalls();
  void addHostCalls();
  void wrapExport(const HostFunction &h, int32_t id);
  void thunkImport(const HostFunction &h, int32_t id);
  BinaryenExpressionRef hostCallBody(const HostFunction &h,
                                     const std::string &callee,
                                     BinaryenExpressionRef replay);
  BinaryenExpressionRef recordHostCall(const HostFunction &h,
                                       const std::string &callee);
  void recName(std::vector<BinaryenExpressionRef> &out, std::string_view name);
  void recValues(std::vector<BinaryenExpressionRef> &out, BinaryenIndex first,
                 const std::vector<BinaryenType> &types);
  BinaryenExpressionRef toBits(BinaryenExpressionRef v, BinaryenType t);
  BinaryenExpressionRef fromBits(BinaryenExpressionRef v, BinaryenType t);
  BinaryenExpressionRef hostNameFunction();
  BinaryenExpressionRef exportCallFunction();
  void wrapStart();
  void wrapExports();
  void addMarker();

  BinaryenModuleRef m_;
  IR ir_;
  const ModuleInfo &info_;
  bool featuresSection_;
  const ModuleId &id_;
  const InstrumentOptions &options_;
  std::optional<Bundle> bundle_;
  std::string startName_;
  std::vector<HostFunction> host_; // exports first, then imports
};

} // namespace wrr::detail

#endif
