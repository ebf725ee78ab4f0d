//===- wrr-instrument.cpp - make a WASI module recordable and replayable --===//
//
// A thin command line over passes/instrument.h.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include "passes/instrument.h"

using namespace llvm;

static cl::OptionCategory Category("wrr-instrument options");

static cl::opt<std::string> InputFilename(cl::Positional, cl::Required,
                                          cl::desc("<input .wasm>"),
                                          cl::cat(Category));

static cl::opt<std::string> OutputFilename("o", cl::Required,
                                           cl::desc("Output file"),
                                           cl::value_desc("filename"),
                                           cl::cat(Category));

static cl::opt<unsigned> BufferPages(
    "buffer-pages",
    cl::desc("64 KiB pages reserved at the top of memory for the log buffer"),
    cl::init(wrr::InstrumentOptions{}.bufferPages), cl::cat(Category));

static cl::opt<std::string> IdentityOf(
    "identity-of",
    cl::desc("Accept traces recorded from this module instead (replay them "
             "against a changed build to see where it diverges)"),
    cl::value_desc("module.wasm"), cl::cat(Category));

static cl::opt<std::string> EmbedTrace(
    "embed-trace",
    cl::desc("Write a reproducer: a module that replays this trace by itself "
             "and imports only fd_write and proc_exit"),
    cl::value_desc("trace.wrr"), cl::cat(Category));

static const char *const Overview = R"(wrr-instrument: make a WASI module recordable and replayable

Rewrites every wasi_snapshot_preview1 import of IN so that its calls go
through record/replay thunks. The output is an ordinary module that runs on
any WASI engine; at run time it records, replays, or runs normally depending
on which reserved directory it is given (last among the preopens):

  /.wrr/record   record the run into trace.wrr in that directory
  /.wrr/replay   replay trace.wrr from that directory
  (neither)      run normally

Examples:
  wrr-instrument app.wasm -o app.rr.wasm
  wasmtime run --dir=.::/ --dir=/tmp/t::/.wrr/record app.rr.wasm
  wasmtime run --dir=/tmp/t::/.wrr/replay app.rr.wasm
  wrr-instrument fixed.wasm --identity-of app.wasm -o fixed.rr.wasm
  wrr-instrument --embed-trace /tmp/t/trace.wrr app.wasm -o repro.wasm
)";

static std::unique_ptr<MemoryBuffer> readFile(const std::string &path,
                                              ExitOnError &ExitOnErr) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getFileOrSTDIN(
      path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (std::error_code EC = buffer.getError())
    ExitOnErr(createStringError(EC, "cannot read '" + path + "': " +
                                        EC.message()));
  return std::move(*buffer);
}

// Writes the output file; it is kept only on success (ToolOutputFile removes
// it when it goes out of scope unkept).
static Error writeOutput(std::span<const uint8_t> in,
                         const wrr::InstrumentOptions &options) {
  std::vector<uint8_t> instrumented;
  if (EmbedTrace.empty()) {
    auto result = wrr::instrumentModule(in, options);
    if (!result)
      return result.takeError();
    instrumented = std::move(*result);
  }
  std::error_code EC;
  ToolOutputFile out(OutputFilename, EC, sys::fs::OF_None);
  if (EC)
    return createStringError(EC, "cannot write '" + OutputFilename +
                                     "': " + EC.message());
  if (!EmbedTrace.empty()) {
    if (Error e = wrr::bundleModule(in, EmbedTrace, out.os(), options))
      return e;
  } else {
    out.os().write(reinterpret_cast<const char *>(instrumented.data()),
                   instrumented.size());
  }
  out.os().flush();
  if (out.os().has_error())
    return createStringError(out.os().error(),
                             "cannot write '" + OutputFilename + "'");
  out.keep();
  return Error::success();
}

static void printVersion(raw_ostream &OS) {
  OS << "wrr-instrument " << wrr::wrrVersion() << "\n";
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  ExitOnError ExitOnErr("wrr-instrument: error: ");
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(argc, argv, Overview);

  std::unique_ptr<MemoryBuffer> input = readFile(InputFilename, ExitOnErr);
  StringRef bytes = input->getBuffer();
  wrr::InstrumentOptions options;
  options.warn = [](const std::string &message) {
    errs() << "wrr-instrument: warning: " << message << "\n";
  };
  options.bufferPages = BufferPages;
  if (!IdentityOf.empty()) {
    std::unique_ptr<MemoryBuffer> other = readFile(IdentityOf, ExitOnErr);
    StringRef b = other->getBuffer();
    options.identity = wrr::moduleId(
        {reinterpret_cast<const uint8_t *>(b.data()), b.size()});
  }
  std::span<const uint8_t> in(reinterpret_cast<const uint8_t *>(bytes.data()),
                              bytes.size());
  ExitOnErr(writeOutput(in, options));
  return 0;
}
