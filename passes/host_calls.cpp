// Host-driven modules (docs/design.md): each function export but _start is
// re-exported through a wrapper that records the host's call and its
// results; each non-WASI function import becomes a thunk that records the
// module's call and the host's answer, as the WASI thunks do; replay
// re-enacts the host from the trace through generated per-export functions
// (passes/runtime/45_host.wat drives them).
//
//   (func $wrr.x.execute (param i32 i32) (result i32)   ;; exported as "execute"
//     init; mode 2: export call "execute" (args), call $execute,
//     export return (result); mode 3: the host cannot call in during replay;
//     otherwise call $execute)
//   (func $wrr.r.execute                 ;; replay: from the trace
//     args from the export call event, call $execute, check the results)
#include "passes/instrumenter.h"

#include <cstring>
#include <string>

#include "passes/error.h"
#include "rrlib/trace.h"
#include "rrlib/wasi_table.h"

namespace wrr::detail {

namespace {

// The valtype byte of a values region; 0 for a type wrr cannot record.
uint8_t valtype(BinaryenType t) {
  if (t == BinaryenTypeInt32())
    return 0x7f;
  if (t == BinaryenTypeInt64())
    return 0x7e;
  if (t == BinaryenTypeFloat32())
    return 0x7d;
  if (t == BinaryenTypeFloat64())
    return 0x7c;
  return 0;
}

std::vector<BinaryenType> expand(BinaryenType t) {
  std::vector<BinaryenType> out(BinaryenTypeArity(t));
  if (t != BinaryenTypeNone())
    BinaryenTypeExpand(t, out.data());
  else
    out.clear();
  return out;
}

bool recordable(const std::vector<BinaryenType> &types) {
  for (BinaryenType t : types)
    if (!valtype(t))
      return false;
  return true;
}

// FNV-1a over each name, then 0xff (which UTF-8 never holds): 45_host.wat's
// $wrr.rep_name hashes the trace's names the same way.
uint64_t nameHash(uint64_t h, std::string_view name) {
  for (unsigned char c : name)
    h = (h ^ c) * 0x100000001b3ull;
  return (h ^ 0xff) * 0x100000001b3ull;
}
constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ull;

} // namespace

llvm::Error Instrumenter::collectHostCalls() {
  for (BinaryenIndex i = 0, n = BinaryenGetNumExports(m_); i < n; ++i) {
    BinaryenExportRef ex = BinaryenGetExportByIndex(m_, i);
    std::string name = BinaryenExportGetName(ex);
    if (BinaryenExportGetKind(ex) != BinaryenExternalFunction() ||
        name == "_start")
      continue;
    BinaryenFunctionRef f = BinaryenGetFunction(m_, BinaryenExportGetValue(ex));
    HostFunction h{true, name, "", BinaryenExportGetValue(ex),
                   expand(BinaryenFunctionGetParams(f)),
                   expand(BinaryenFunctionGetResults(f)),
                   nameHash(kFnvOffset, name)};
    // Other exports are left as they are (docs/design.md).
    if (!recordable(h.params) || !recordable(h.results) || h.results.size() > 1)
      continue;
    for (const HostFunction &o : host_)
      if (o.hash == h.hash)
        return error("internal error: exports \"" + o.name + "\" and \"" +
                     name + "\" have the same name hash");
    host_.push_back(std::move(h));
  }
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(m_); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(m_, i);
    if (!bn::isImport(f) || BinaryenFunctionImportGetModule(f) == kWasiModule)
      continue;
    std::string module = BinaryenFunctionImportGetModule(f);
    std::string base = BinaryenFunctionImportGetBase(f);
    HostFunction h{false, base, module, BinaryenFunctionGetName(f),
                   expand(BinaryenFunctionGetParams(f)),
                   expand(BinaryenFunctionGetResults(f)),
                   nameHash(nameHash(kFnvOffset, module), base)};
    if (!recordable(h.params) || !recordable(h.results))
      return error("the import " + module + "." + base +
                   " takes or returns a type wrr cannot record (only i32, "
                   "i64, f32 and f64)");
    if (h.results.size() > 1)
      return error("the import " + module + "." + base +
                   " returns several values, which wrr cannot record yet");
    host_.push_back(std::move(h));
  }
  return llvm::Error::success();
}

// The i64 bits a value is recorded as.
BinaryenExpressionRef Instrumenter::toBits(BinaryenExpressionRef v,
                                           BinaryenType t) {
  if (t == BinaryenTypeInt32())
    return ir_.unary(BinaryenExtendUInt32(), v);
  if (t == BinaryenTypeFloat32())
    return ir_.unary(BinaryenExtendUInt32(),
                     ir_.unary(BinaryenReinterpretFloat32(), v));
  if (t == BinaryenTypeFloat64())
    return ir_.unary(BinaryenReinterpretFloat64(), v);
  return v;
}

BinaryenExpressionRef Instrumenter::fromBits(BinaryenExpressionRef v,
                                             BinaryenType t) {
  if (t == BinaryenTypeInt32())
    return ir_.unary(BinaryenWrapInt64(), v);
  if (t == BinaryenTypeFloat32())
    return ir_.unary(BinaryenReinterpretInt32(),
                     ir_.unary(BinaryenWrapInt64(), v));
  if (t == BinaryenTypeFloat64())
    return ir_.unary(BinaryenReinterpretInt64(), v);
  return v;
}

// A constant name as a sized region: its length, then 8 bytes at a time.
void Instrumenter::recName(std::vector<BinaryenExpressionRef> &out,
                           std::string_view name) {
  out.push_back(ir_.call("wrr.rec_uleb", {ir_.i64(static_cast<int64_t>(name.size()))}));
  for (size_t i = 0; i < name.size(); i += 8) {
    uint64_t v = 0;
    size_t n = std::min<size_t>(8, name.size() - i);
    std::memcpy(&v, name.data() + i, n);
    out.push_back(ir_.call("wrr.rec_chunk", {ir_.i64(static_cast<int64_t>(v)),
                                             ir_.i32(static_cast<int32_t>(n))}));
  }
}

// The values in locals `first`.. of `types` as a values region.
void Instrumenter::recValues(std::vector<BinaryenExpressionRef> &out,
                             BinaryenIndex first,
                             const std::vector<BinaryenType> &types) {
  BinaryenType i32 = BinaryenTypeInt32();
  BinaryenExpressionRef len = ir_.i32(0);
  for (size_t i = 0; i < types.size(); ++i) {
    BinaryenExpressionRef n = ir_.call(
        "wrr.val_len", {toBits(ir_.get(first + i, types[i]), types[i])}, i32);
    len = i ? ir_.binary(BinaryenAddInt32(), len, n) : n;
  }
  out.push_back(ir_.call("wrr.rec_uleb", {ir_.unary(BinaryenExtendUInt32(), len)}));
  for (size_t i = 0; i < types.size(); ++i)
    out.push_back(ir_.call("wrr.rec_val",
                           {ir_.i32(valtype(types[i])),
                            toBits(ir_.get(first + i, types[i]), types[i])}));
}

// Record: the call event, the call, the return event (if the recording
// still runs: the call may have ended it).
BinaryenExpressionRef
Instrumenter::recordHostCall(const HostFunction &h, const std::string &callee) {
  BinaryenType i32 = BinaryenTypeInt32();
  const BinaryenIndex r = h.params.size();
  BinaryenType result = h.results.empty() ? BinaryenTypeNone() : h.results[0];
  std::vector<BinaryenExpressionRef> body = {ir_.call("wrr.guard_check", {})};
  if (h.isExport) {
    body.push_back(ir_.call("wrr.rec_special", {ir_.global("wrr.k.export_call", i32)}));
    recName(body, h.name);
  } else {
    body.push_back(ir_.call("wrr.rec_special", {ir_.global("wrr.k.import_call", i32)}));
    recName(body, h.module);
    recName(body, h.name);
  }
  recValues(body, 0, h.params);
  body.push_back(ir_.call("wrr.rec_end", {}));
  std::vector<BinaryenExpressionRef> args;
  for (size_t i = 0; i < h.params.size(); ++i)
    args.push_back(ir_.get(i, h.params[i]));
  BinaryenExpressionRef call = ir_.call(callee, args, result);
  body.push_back(h.results.empty() ? call : ir_.set(r, call));
  std::vector<BinaryenExpressionRef> ret = {
      ir_.call("wrr.guard_check", {}),
      ir_.call("wrr.rec_special",
               {ir_.global(h.isExport ? "wrr.k.export_return" : "wrr.k.import_return", i32)})};
  recValues(ret, r, h.results);
  ret.push_back(ir_.call("wrr.rec_end", {}));
  body.push_back(ir_.when(
      ir_.binary(BinaryenEqInt32(), ir_.global("wrr.mode", i32), ir_.i32(2)),
      ir_.block(ret)));
  body.push_back(ir_.ret(h.results.empty() ? nullptr : ir_.get(r, result)));
  return ir_.block(body);
}

// By mode: pass through, record, or `replay`.
BinaryenExpressionRef Instrumenter::hostCallBody(const HostFunction &h,
                                                 const std::string &callee,
                                                 BinaryenExpressionRef replay) {
  BinaryenType i32 = BinaryenTypeInt32();
  BinaryenType result = h.results.empty() ? BinaryenTypeNone() : h.results[0];
  std::vector<BinaryenExpressionRef> body;
  // Import thunks do not set up: an export or _start has by the time
  // anything is recorded, and a start function that calls an import runs
  // before WASI has the memory (such calls pass through, unrecorded).
  if (h.isExport || bundle_)
    body.push_back(ir_.when(ir_.unary(BinaryenEqZInt32(), ir_.global("wrr.mode", i32)),
                            ir_.call("wrr.init", {})));
  // A bundle's thunks only replay (it imports nothing but WASI).
  if (bundle_ && !h.isExport) {
    body.push_back(replay);
    return ir_.block(body, nullptr, result);
  }
  std::vector<BinaryenExpressionRef> args;
  for (size_t i = 0; i < h.params.size(); ++i)
    args.push_back(ir_.get(i, h.params[i]));
  // Modes: 0 and 1 pass through, 2 records, 3 replays, 4 (finished) passes.
  const char *targets[] = {"pass", "pass", "record", "replay", "pass"};
  BinaryenExpressionRef dispatch = BinaryenSwitch(
      m_, targets, 5, "pass", ir_.global("wrr.mode", i32), nullptr);
  BinaryenExpressionRef pass = ir_.ret(ir_.call(callee, args, result));
  if (h.results.empty())
    pass = ir_.block({ir_.call(callee, args), ir_.ret()});
  BinaryenExpressionRef passBlock = ir_.block({dispatch}, "pass");
  BinaryenExpressionRef recordBlock = ir_.block({passBlock, pass}, "record");
  BinaryenExpressionRef replayBlock =
      ir_.block({recordBlock, recordHostCall(h, callee)}, "replay");
  body.push_back(replayBlock);
  body.push_back(replay);
  return ir_.block(body, nullptr, result);
}

void Instrumenter::wrapExport(const HostFunction &h, int32_t id) {
  BinaryenType i32 = BinaryenTypeInt32();
  std::vector<BinaryenType> vars = h.results;
  std::string wrapper = "wrr.x." + h.name;
  BinaryenExpressionRef replay = ir_.block(
      {ir_.call("wrr.host_in_replay", {ir_.i32(id)}), ir_.unreachable()});
  BinaryenFunctionRef target = BinaryenGetFunction(m_, h.function.c_str());
  BinaryenAddFunction(m_, wrapper.c_str(), BinaryenFunctionGetParams(target),
                      BinaryenFunctionGetResults(target), vars.data(),
                      vars.size(), hostCallBody(h, h.function, replay));
  BinaryenRemoveExport(m_, h.name.c_str());
  BinaryenAddFunctionExport(m_, wrapper.c_str(), h.name.c_str());

  // Replay: the arguments from the export call event, the call, the
  // results checked against the export return event.
  std::vector<BinaryenType> locals = h.params;
  locals.insert(locals.end(), h.results.begin(), h.results.end());
  std::vector<BinaryenExpressionRef> body = {ir_.call("wrr.rep_vals", {})};
  std::vector<BinaryenExpressionRef> args;
  for (size_t i = 0; i < h.params.size(); ++i) {
    body.push_back(ir_.set(
        i, fromBits(ir_.call("wrr.rep_val", {ir_.i32(valtype(h.params[i])), ir_.i32(id)},
                             BinaryenTypeInt64()),
                    h.params[i])));
    args.push_back(ir_.get(i, h.params[i]));
  }
  body.push_back(ir_.call("wrr.rep_vals_end", {ir_.i32(id)}));
  const BinaryenIndex r = h.params.size();
  if (h.results.empty())
    body.push_back(ir_.call(h.function, args));
  else
    body.push_back(ir_.set(r, ir_.call(h.function, args, h.results[0])));
  body.push_back(ir_.call("wrr.rep_expect",
                          {ir_.global("wrr.k.export_return", i32), ir_.i32(id)}));
  body.push_back(ir_.call("wrr.rep_vals", {}));
  for (size_t i = 0; i < h.results.size(); ++i)
    body.push_back(ir_.call("wrr.rep_result",
                            {ir_.i32(valtype(h.results[i])),
                             toBits(ir_.get(r + i, h.results[i]), h.results[i]),
                             ir_.i32(static_cast<int32_t>(i)), ir_.i32(id)}));
  body.push_back(ir_.call("wrr.rep_vals_end", {ir_.i32(id)}));
  std::string replayName = "wrr.r." + h.name;
  BinaryenAddFunction(m_, replayName.c_str(), BinaryenTypeNone(),
                      BinaryenTypeNone(), locals.data(), locals.size(),
                      ir_.block(body));
}

void Instrumenter::thunkImport(const HostFunction &h, int32_t id) {
  BinaryenType i32 = BinaryenTypeInt32(), i64 = BinaryenTypeInt64();
  BinaryenFunctionRef import = BinaryenGetFunction(m_, h.function.c_str());
  BinaryenType params = BinaryenFunctionGetParams(import);
  BinaryenType results = BinaryenFunctionGetResults(import);
  // The real import, as $wrr.h.MODULE.NAME (unique: a module may import
  // the same function twice, and names may hold dots).
  std::string host = kHostPrefix + h.module + "." + h.name;
  for (int n = 2; BinaryenGetFunction(m_, host.c_str()); ++n)
    host = kHostPrefix + h.module + "." + h.name + "#" + std::to_string(n);
  BinaryenRemoveFunction(m_, h.function.c_str());
  if (!bundle_)
    BinaryenAddFunctionImport(m_, host.c_str(), h.module.c_str(),
                              h.name.c_str(), params, results);
  // Replay: check the call, re-enact what the host did inside it, answer
  // from the import return event.
  std::vector<BinaryenExpressionRef> body = {
      ir_.call("wrr.rep_import", {ir_.i32(id), ir_.i64(static_cast<int64_t>(h.hash))})};
  for (size_t i = 0; i < h.params.size(); ++i)
    body.push_back(ir_.call("wrr.rep_host_arg",
                            {ir_.i32(valtype(h.params[i])),
                             toBits(ir_.get(i, h.params[i]), h.params[i]),
                             ir_.i32(static_cast<int32_t>(i)), ir_.i32(id)}));
  body.push_back(ir_.call("wrr.rep_vals_end", {ir_.i32(id)}));
  body.push_back(ir_.call("wrr.dispatch", {}));
  body.push_back(ir_.call("wrr.rep_expect",
                          {ir_.global("wrr.k.import_return", i32), ir_.i32(id)}));
  body.push_back(ir_.call("wrr.rep_vals", {}));
  const BinaryenIndex r = h.params.size();
  if (!h.results.empty())
    body.push_back(ir_.set(
        r, fromBits(ir_.call("wrr.rep_val",
                             {ir_.i32(valtype(h.results[0])), ir_.i32(id)}, i64),
                    h.results[0])));
  body.push_back(ir_.call("wrr.rep_vals_end", {ir_.i32(id)}));
  if (!h.results.empty())
    body.push_back(ir_.get(r, h.results[0]));
  BinaryenExpressionRef replay = ir_.block(
      body, nullptr, h.results.empty() ? BinaryenTypeNone() : h.results[0]);
  std::vector<BinaryenType> vars = h.results;
  BinaryenAddFunction(m_, h.function.c_str(), params, results, vars.data(),
                      vars.size(), hostCallBody(h, host, replay));
}

void Instrumenter::addHostCalls() {
  for (size_t i = 0; i < host_.size(); ++i) {
    if (host_[i].isExport)
      wrapExport(host_[i], static_cast<int32_t>(i));
    else
      thunkImport(host_[i], static_cast<int32_t>(i));
  }
  // A reactor's bundle replays as a command: _start drives it from the
  // trace; _initialize is one of the calls the trace re-enacts.
  if (bundle_ && !BinaryenGetExport(m_, "_start")) {
    if (BinaryenGetExport(m_, "_initialize"))
      BinaryenRemoveExport(m_, "_initialize");
    BinaryenAddFunctionExport(m_, "wrr.replay_host", "_start");
  }
}

// $wrr.g.host_name: `export "NAME"` or `import MODULE.NAME` (at most 256
// bytes: messages are assembled in a small area).
BinaryenExpressionRef Instrumenter::hostNameFunction() {
  std::vector<std::string> texts;
  for (const HostFunction &h : host_) {
    std::string t = h.isExport ? "export \"" + h.name + "\""
                               : "import " + h.module + "." + h.name;
    texts.push_back(t.substr(0, 256));
  }
  std::vector<std::string_view> views(texts.begin(), texts.end());
  return stringSwitch(ir_, views);
}

// $wrr.g.export_call(h): runs $wrr.r.NAME for the export whose name hashes
// to h; 0 when none does.
BinaryenExpressionRef Instrumenter::exportCallFunction() {
  std::vector<BinaryenExpressionRef> body;
  for (const HostFunction &h : host_) {
    if (!h.isExport)
      continue;
    body.push_back(ir_.when(
        ir_.binary(BinaryenEqInt64(), ir_.get(0, BinaryenTypeInt64()),
                   ir_.i64(static_cast<int64_t>(h.hash))),
        ir_.block({ir_.call("wrr.r." + h.name, {}), ir_.ret(ir_.i32(1))})));
  }
  body.push_back(ir_.i32(0));
  return ir_.block(body, nullptr, BinaryenTypeInt32());
}

} // namespace wrr::detail
