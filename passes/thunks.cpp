// A thunk from each WASI row: digest, record and replay paths, the regions
// the host writes, the sent items of trace format 3.
#include "passes/instrumenter.h"

#include <string>

#include "passes/dwarf_offsets.h"
#include "passes/module_info.h"
#include "rrlib/trace.h"
#include "rrlib/wasi_table.h"

namespace wrr {

namespace detail {

BinaryenType wasmType(ValType t) {
  return t == ValType::I32 ? BinaryenTypeInt32() : BinaryenTypeInt64();
}

BinaryenType paramsType(const WasiFunction &f) {
  std::vector<BinaryenType> types;
  for (ValType t : f.paramTypes())
    types.push_back(wasmType(t));
  return BinaryenTypeCreate(types.data(), types.size());
}

BinaryenType resultType(const WasiFunction &f) {
  return f.returnsErrno ? BinaryenTypeInt32() : BinaryenTypeNone();
}

std::string hostName(std::string_view wasiName) {
  return kHostPrefix + std::string(wasiName);
}

void Instrumenter::ensureHostImport(const WasiFunction &f) {
  std::string name = hostName(f.name);
  if (BinaryenGetFunction(m_, name.c_str()))
    return;
  std::string base(f.name);
  BinaryenAddFunctionImport(m_, name.c_str(), std::string(kWasiModule).c_str(),
                            base.c_str(), paramsType(f), resultType(f));
}

BinaryenExpressionRef Instrumenter::digest(const WasiFunction &f,
                                           uint8_t kind) {
  BinaryenType i64 = BinaryenTypeInt64();
  BinaryenExpressionRef h = ir_.i64(static_cast<int64_t>(trace::digestSeed(kind)));
  for (unsigned i = 0; i < f.numParams; ++i) {
    if (f.isPointerParam(i))
      continue;
    BinaryenExpressionRef v = scalarParam(f, i);
    // rotl(h + v * P2, 31) * P1 (XXH64's round), inline: thunks are hot.
    h = ir_.binary(
        BinaryenMulInt64(),
        ir_.binary(BinaryenRotLInt64(),
                   ir_.binary(BinaryenAddInt64(), h,
                              ir_.binary(BinaryenMulInt64(), v,
                                         ir_.i64(static_cast<int64_t>(0xC2B2AE3D27D4EB4Full)))),
                   ir_.i64(31)),
        ir_.i64(static_cast<int64_t>(0x9E3779B185EBCA87ull)));
  }
  // Never an address: iovec arrays by their lengths, subscriptions
  // without their userdata (docs/trace-format.md, "The digest").
  for (const Region &r : f.readRegions()) {
    if (r.kind == Region::Iovecs) {
      h = ir_.call("wrr.dgather", {h, param(f, r.ptr), param(f, r.iovCount)},
                   i64);
      continue;
    }
    if (r.encoding == Region::IovecLengths) {
      h = ir_.call("wrr.dlens", {h, param(f, r.ptr), param(f, r.len.value)},
                   i64);
      continue;
    }
    if (r.encoding == Region::Subscriptions) {
      h = ir_.call("wrr.dsubs", {h, param(f, r.ptr), param(f, r.len.value)},
                   i64);
      continue;
    }
    h = ir_.call("wrr.dbytes", {h, param(f, r.ptr), regionLength(f, r.len)},
                 i64);
  }
  return h;
}

BinaryenExpressionRef Instrumenter::regionLength(const WasiFunction &f,
                                                 const Len &len) {
  BinaryenExpressionRef n = nullptr;
  switch (len.kind) {
  case Len::Const:
    return ir_.i32(static_cast<int32_t>(len.value));
  case Len::Param:
    n = param(f, len.value);
    break;
  case Len::Deref:
    n = ir_.load32(param(f, len.value));
    break;
  case Len::HostSizes: {
    // Ask the host for the sizes again; the program's own *_sizes_get call
    // may not have come first.
    BinaryenType i32 = BinaryenTypeInt32();
    BinaryenExpressionRef scr = ir_.call("wrr.scratch", {}, i32);
    BinaryenExpressionRef scr4 = ir_.binary(
        BinaryenAddInt32(), ir_.call("wrr.scratch", {}, i32), ir_.i32(4));
    n = ir_.block({ir_.drop(ir_.call(hostName(len.sizesFunc), {scr, scr4}, i32)),
                   ir_.load32(ir_.call("wrr.scratch", {}, i32), 4 * len.value)});
    break;
  }
  }
  if (len.scale != 1)
    n = ir_.binary(BinaryenMulInt32(), n,
                   ir_.i32(static_cast<int32_t>(len.scale)));
  return n;
}

BinaryenExpressionRef Instrumenter::recordRegion(const WasiFunction &f,
                                                 const Region &r) {
  if (r.kind == Region::Iovecs)
    return ir_.call("wrr.rec_iovecs", {param(f, r.ptr), param(f, r.iovCount),
                                       regionLength(f, r.len)});
  if (r.encoding == Region::ClockDelta)
    return ir_.call("wrr.rec_clock", {param(f, 0), param(f, r.ptr)});
  if (r.encoding == Region::Offsets)
    return ir_.call("wrr.rec_offsets", {param(f, r.ptr), regionLength(f, r.len),
                                        param(f, r.base)});
  if (r.encoding == Region::PollEvents)
    return ir_.call("wrr.rec_events", {param(f, r.ptr), regionLength(f, r.len),
                                       param(f, r.base), param(f, r.iovCount)});
  if (r.len.kind == Len::Const)
    return ir_.call("wrr.rec_fixed", {param(f, r.ptr), regionLength(f, r.len)});
  if (r.lengthStored())
    return ir_.call("wrr.rec_sized", {param(f, r.ptr), regionLength(f, r.len)});
  return ir_.call("wrr.rec_bytes", {param(f, r.ptr), regionLength(f, r.len)});
}

BinaryenExpressionRef Instrumenter::replayRegion(const WasiFunction &f,
                                                 uint8_t kind,
                                                 const Region &r) {
  if (r.kind == Region::Iovecs)
    return ir_.call("wrr.rep_iovecs", {param(f, r.ptr), param(f, r.iovCount),
                                       regionLength(f, r.len)});
  if (r.encoding == Region::ClockDelta)
    return ir_.call("wrr.rep_clock", {param(f, r.ptr)});
  if (r.encoding == Region::Offsets)
    return ir_.call("wrr.rep_offsets", {param(f, r.ptr), param(f, r.base)});
  if (r.encoding == Region::PollEvents)
    return ir_.call("wrr.rep_events", {param(f, r.ptr), regionLength(f, r.len),
                                       param(f, r.base), param(f, r.iovCount)});
  if (r.len.kind == Len::Const)
    return ir_.call("wrr.rep_fixed", {param(f, r.ptr), regionLength(f, r.len)});
  if (r.len.kind == Len::HostSizes)
    return ir_.call("wrr.rep_sized", {param(f, r.ptr), ir_.i32(-1), ir_.i32(kind)});
  if (r.lengthStored())
    return ir_.call("wrr.rep_sized",
                    {param(f, r.ptr), regionLength(f, r.len), ir_.i32(kind)});
  return ir_.call("wrr.rep_bytes", {param(f, r.ptr), regionLength(f, r.len)});
}

// The host call of a recording: fd arguments translated from the program's
// numbers to the host's (the runtime's hidden fds are skipped).
BinaryenExpressionRef Instrumenter::hostCall(const WasiFunction &f) {
  BinaryenType i32 = BinaryenTypeInt32();
  std::vector<BinaryenExpressionRef> args;
  for (unsigned i = 0; i < f.numParams; ++i)
    args.push_back(f.isFdParam(i) ? ir_.call("wrr.fd_in", {param(f, i)}, i32)
                                  : param(f, i));
  return ir_.call(hostName(f.name), args, resultType(f));
}

// The call's sent items (trace format version 3, 42_sent.wat): recorded
// after rec_begin, or checked after rep_begin.
std::vector<BinaryenExpressionRef>
Instrumenter::sentItems(const WasiFunction &f, uint8_t kind, bool record) {
  std::vector<BinaryenExpressionRef> out;
  int32_t id = firstSentId(kind);
  for (unsigned i = 0; i < f.numParams; ++i) {
    if (f.isPointerParam(i))
      continue;
    BinaryenExpressionRef v = scalarParam(f, i);
    out.push_back(record ? ir_.call("wrr.rec_uleb", {v})
                         : ir_.call("wrr.rep_arg", {v, ir_.i32(id),
                                                    ir_.i32(f.isLengthParam(i))}));
    ++id;
  }
  for (const Region &r : f.readRegions()) {
    int32_t src = 0;
    BinaryenExpressionRef b;
    if (r.kind == Region::Iovecs) {
      src = 1;
      b = param(f, r.iovCount);
    } else if (r.encoding == Region::IovecLengths) {
      src = 2;
      b = param(f, r.len.value);
    } else if (r.encoding == Region::Subscriptions) {
      src = 3;
      b = param(f, r.len.value);
    } else {
      b = regionLength(f, r.len);
    }
    std::vector<BinaryenExpressionRef> args = {ir_.i32(src), param(f, r.ptr), b};
    if (!record) {
      args.push_back(ir_.i32(id));
      args.push_back(ir_.i32(r.encoding == Region::IovecLengths));
    }
    out.push_back(ir_.call(record ? "wrr.rec_sent" : "wrr.rep_sent", args));
    ++id;
  }
  return out;
}

// A clock read (clock_time_get's shape): two scalar parameters, both sent,
// a pointer to the one result, a ClockDelta, and nothing else. Its events
// take the runtime's one-call paths, rec_clock_event and rep_clock_event:
// programs read clocks by the million, and Node 20's V8 inlines no wasm
// calls. The bytes are those of the general path.
static bool isClockRead(const WasiFunction &f) {
  return f.policy == Policy::Replay && f.blocks == Blocks::Never && f.fdParams == 0 &&
         f.returnsErrno && f.numReads == 0 && f.numWrites == 1 &&
         f.writes[0].encoding == Region::ClockDelta && f.numParams == 3 &&
         f.writes[0].ptr == 2 && f.numSentItems() == 2;
}

BinaryenExpressionRef Instrumenter::recordPath(const WasiFunction &f,
                                               uint8_t kind) {
  const BinaryenIndex h = f.numParams, r = f.numParams + 1;
  BinaryenType i32 = BinaryenTypeInt32(), i64 = BinaryenTypeInt64();
  std::string host = hostName(f.name);
  std::vector<BinaryenExpressionRef> body;
  // A stray store into the reserved pages ends the run before the call
  // (the last call: checked in full).
  body.push_back(ir_.call(
      f.policy == Policy::Exit ? "wrr.guard_last" : "wrr.guard_check", {}));
  // A trap from here until rec_end is inside this call (wrr_trapped).
  body.push_back(BinaryenGlobalSet(m_, "wrr.incall", ir_.i32(trace::kErrnoFlag | kind)));
  body.push_back(ir_.set(h, digest(f, kind)));
  auto begin = [&](BinaryenExpressionRef errnoValue) {
    return ir_.call("wrr.rec_begin", {ir_.i32(kind), ir_.get(h, i64), errnoValue});
  };
  switch (f.policy) {
  case Policy::Exit:
    body.push_back(begin(ir_.i32(0)));
    for (BinaryenExpressionRef e : sentItems(f, kind, true))
      body.push_back(e);
    body.push_back(ir_.call("wrr.rec_finish", {}));
    body.push_back(ir_.call(host, allParams(f)));
    body.push_back(ir_.unreachable());
    return ir_.block(body);
  case Policy::MayNotReturn:
    // Log the call before making it: it may end the process.
    body.push_back(begin(ir_.i32(0)));
    for (BinaryenExpressionRef e : sentItems(f, kind, true))
      body.push_back(e);
    body.push_back(BinaryenGlobalSet(m_, "wrr.cpos", ir_.global("wrr.pos", i32)));
    body.push_back(ir_.call("wrr.flush", {ir_.i32(0)}));
    body.push_back(ir_.set(r, ir_.call(host, allParams(f), i32)));
    body.push_back(ir_.call("wrr.rec_raise_result", {ir_.get(r, i32)}));
    body.push_back(ir_.ret(ir_.get(r, i32)));
    return ir_.block(body);
  case Policy::Replay:
  case Policy::EchoOutput:
    break;
  }
  if (isClockRead(f)) {
    body.push_back(ir_.set(r, hostCall(f)));
    body.push_back(ir_.call("wrr.rec_clock_event",
                            {ir_.i32(kind), ir_.get(h, i64), ir_.get(r, i32),
                             scalarParam(f, 0), scalarParam(f, 1), param(f, 0),
                             param(f, 2)}));
    body.push_back(ir_.ret(ir_.get(r, i32)));
    return ir_.block(body);
  }
  // A call that can wait for long: what the buffer holds goes out first.
  if (f.blocks == Blocks::Always)
    body.push_back(ir_.call("wrr.flush_pending", {}));
  else if (f.blocks == Blocks::OnStdin)
    body.push_back(ir_.call("wrr.flush_stdin", {param(f, 0)}));
  // Subscriptions name fds too: the host's numbers for the call only.
  const Region *subs = nullptr;
  for (const Region &rd : f.readRegions())
    if (rd.encoding == Region::Subscriptions)
      subs = &rd;
  auto translateSubs = [&](int toHost) {
    return ir_.call("wrr.fd_subs", {param(f, subs->ptr), param(f, subs->len.value),
                                    ir_.i32(toHost)});
  };
  if (subs)
    body.push_back(translateSubs(1));
  body.push_back(ir_.set(r, hostCall(f)));
  if (subs)
    body.push_back(translateSubs(0));
  std::vector<BinaryenExpressionRef> regions;
  // Opened fds, in the program's numbers (recorded so, replayed so).
  for (const Region &w : f.writeRegions())
    if (w.display == Display::Fd)
      regions.push_back(ir_.store(
          4, param(f, w.ptr), 0,
          ir_.call("wrr.fd_out", {ir_.load32(param(f, w.ptr))}, i32), i32));
  for (const Region &w : f.writeRegions())
    regions.push_back(recordRegion(f, w));
  body.push_back(begin(ir_.get(r, i32)));
  for (BinaryenExpressionRef e : sentItems(f, kind, true))
    body.push_back(e);
  if (f.numWrites && f.numSentItems())
    body.push_back(ir_.call("wrr.rec_sent_end", {}));
  if (!regions.empty())
    body.push_back(ir_.when(ir_.unary(BinaryenEqZInt32(), ir_.get(r, i32)),
                            ir_.block(regions)));
  body.push_back(ir_.call("wrr.rec_end", {}));
  body.push_back(ir_.ret(ir_.get(r, i32)));
  return ir_.block(body);
}

BinaryenExpressionRef Instrumenter::replayPath(const WasiFunction &f,
                                               uint8_t kind) {
  const BinaryenIndex h = f.numParams, r = f.numParams + 1;
  BinaryenType i32 = BinaryenTypeInt32(), i64 = BinaryenTypeInt64();
  std::string host = hostName(f.name);
  std::vector<BinaryenExpressionRef> body;
  body.push_back(ir_.set(h, digest(f, kind)));
  BinaryenExpressionRef begin =
      ir_.call("wrr.rep_begin", {ir_.i32(kind), ir_.get(h, i64)}, i32);
  switch (f.policy) {
  case Policy::Exit:
    body.insert(body.begin(), ir_.call("wrr.guard_last", {}));
    body.push_back(ir_.drop(begin));
    for (BinaryenExpressionRef e : sentItems(f, kind, false))
      body.push_back(e);
    body.push_back(ir_.call("wrr.rep_sent_end", {ir_.i32(0)}));
    body.push_back(ir_.call("wrr.rep_finish", {ir_.i32(kind)}));
    body.push_back(ir_.call(host, allParams(f)));
    body.push_back(ir_.unreachable());
    return ir_.block(body);
  case Policy::MayNotReturn: {
    body.push_back(ir_.drop(begin));
    for (BinaryenExpressionRef e : sentItems(f, kind, false))
      body.push_back(e);
    body.push_back(ir_.call("wrr.rep_sent_end", {ir_.i32(0)}));
    // The recording ended with this call: the signal ended the process.
    // Raise it again so the replay ends the same way.
    // A bundle cannot raise signals; it exits as a shell reports them.
    std::vector<BinaryenExpressionRef> died;
    if (!bundle_)
      died.push_back(ir_.drop(ir_.call(host, allParams(f), i32)));
    died.push_back(ir_.call("wrr.raise_survived", {param(f, 0)}));
    died.push_back(ir_.unreachable());
    body.push_back(
        ir_.when(ir_.call("wrr.rep_raise_ended", {}, i32), ir_.block(died)));
    body.push_back(ir_.call("wrr.rep_raise_result", {}, i32));
    return ir_.block(body, nullptr, i32);
  }
  case Policy::Replay:
  case Policy::EchoOutput:
    break;
  }
  if (isClockRead(f)) {
    body.push_back(ir_.call("wrr.rep_clock_event",
                            {ir_.i32(kind), ir_.get(h, i64), scalarParam(f, 0),
                             scalarParam(f, 1), ir_.i32(firstSentId(kind)), param(f, 2)},
                            i32));
    return ir_.block(body, nullptr, i32);
  }
  // --extra-output: output the trace does not hold is let through (the
  // EchoOutput row, shaped as fd_write: checkAssumptions).
  if (f.policy == Policy::EchoOutput)
    body.push_back(ir_.when(
        ir_.call("wrr.rep_extra",
                 {ir_.get(h, i64), param(f, 0), param(f, 1), param(f, 2), param(f, 3)}, i32),
        ir_.ret(ir_.i32(0))));
  body.push_back(ir_.set(r, begin));
  for (BinaryenExpressionRef e : sentItems(f, kind, false))
    body.push_back(e);
  // A digest that differs where no item does is reported here.
  body.push_back(ir_.call(
      "wrr.rep_sent_end",
      {f.numWrites ? ir_.unary(BinaryenEqZInt32(), ir_.get(r, i32)) : ir_.i32(0)}));
  std::vector<BinaryenExpressionRef> regions;
  for (const Region &w : f.writeRegions())
    regions.push_back(replayRegion(f, kind, w));
  if (f.policy == Policy::EchoOutput)
    regions.push_back(ir_.call(
        "wrr.rep_echo",
        {param(f, 0), param(f, 1), param(f, 2), ir_.load32(param(f, 3))}));
  if (!regions.empty())
    body.push_back(ir_.when(ir_.unary(BinaryenEqZInt32(), ir_.get(r, i32)),
                            ir_.block(regions)));
  body.push_back(ir_.get(r, i32));
  return ir_.block(body, nullptr, i32);
}

BinaryenExpressionRef Instrumenter::thunkBody(const WasiFunction &f,
                                              uint8_t kind) {
  BinaryenType i32 = BinaryenTypeInt32();
  std::vector<BinaryenExpressionRef> body;
  body.push_back(ir_.when(
      ir_.unary(BinaryenEqZInt32(), ir_.global("wrr.mode", i32)),
      ir_.call("wrr.init", {})));
  // A bundle only replays, and reaches no host function but the output.
  if (bundle_) {
    body.push_back(replayPath(f, kind));
    return ir_.block(body, nullptr, resultType(f));
  }
  // Modes: 0 and 1 pass through, 2 records, 3 replays, 4 (finished) passes.
  const char *targets[] = {"pass", "pass", "record", "replay", "pass"};
  BinaryenExpressionRef dispatch = BinaryenSwitch(
      m_, targets, 5, "pass", ir_.global("wrr.mode", i32), nullptr);
  BinaryenExpressionRef pass;
  std::string host = hostName(f.name);
  if (f.returnsErrno)
    pass = ir_.ret(ir_.call(host, allParams(f), i32));
  else
    pass = ir_.block({ir_.call(host, allParams(f)), ir_.ret()});
  BinaryenExpressionRef passBlock = ir_.block({dispatch}, "pass");
  BinaryenExpressionRef recordBlock =
      ir_.block({passBlock, pass}, "record");
  BinaryenExpressionRef replayBlock =
      ir_.block({recordBlock, recordPath(f, kind)}, "replay");
  body.push_back(replayBlock);
  body.push_back(replayPath(f, kind));
  return ir_.block(body, nullptr, resultType(f));
}

void Instrumenter::replaceImport(BinaryenFunctionRef import) {
  std::string name = BinaryenFunctionGetName(import);
  std::string base = BinaryenFunctionImportGetBase(import);
  uint8_t kind = *findWasiFunction(base); // checked by inspectModule
  const WasiFunction &f = wasiFunctions()[kind];
  if (!bundle_) {
    ensureHostImport(f);
    for (const Region &r : f.writeRegions())
      if (r.len.kind == Len::HostSizes)
        ensureHostImport(wasiFunctions()[*findWasiFunction(r.len.sizesFunc)]);
  }
  BinaryenRemoveFunction(m_, name.c_str());
  BinaryenType vars[] = {BinaryenTypeInt64(), BinaryenTypeInt32()};
  BinaryenAddFunction(m_, name.c_str(), paramsType(f), resultType(f), vars, 2,
                      thunkBody(f, kind));
}

} // namespace detail

} // namespace wrr
