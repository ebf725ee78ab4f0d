//===- wrr-instrument.cpp - make a WASI module recordable and replayable --===//
//
// A thin command line over passes/instrument.h.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <jemalloc/jemalloc.h>
#include <optional>

#include "passes/binaryen.h"
#include "passes/instrument.h"
#include "tools/output_file.h"

using namespace llvm;

// jemalloc (linked for this tool) reads its settings here. Binaryen builds
// its IR from millions of small allocations; on 4 KiB pages every first
// touch is a page fault (89,000 on a 9 MB module, against 5,000 on huge
// pages; docs/performance.md, "wrr-instrument against wasm-opt").
const char *malloc_conf = "thp:always,metadata_thp:always";

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

// A string option that names its value (a file, an identity), in this
// tool's category.
struct ValueOpt : cl::opt<std::string> {
  ValueOpt(StringRef name, StringRef value, StringRef desc)
      : cl::opt<std::string>(name, cl::desc(desc), cl::value_desc(value),
                             cl::cat(Category)) {}
};

static ValueOpt IdentityOf("identity-of", "module.wasm",
                           "Accept traces recorded from this module instead "
                           "(replay them against a changed build to see "
                           "where it diverges)");
static ValueOpt Identity("identity", "hex",
                         "Accept traces recorded from the module of this "
                         "identity instead (64 hex digits, as a trace's "
                         "header and `wrr-trace stats` show it)");
static ValueOpt EmbedTrace("embed-trace", "trace.wrr",
                           "Write a reproducer: a module that replays this "
                           "trace by itself and imports only fd_write and "
                           "proc_exit");
static ValueOpt SourceMap("source-map", "in.map",
                          "The input's source map: write it rewritten for "
                          "the output and point the output's "
                          "sourceMappingURL at it");
static ValueOpt SourceMapOut("source-map-out", "out.map",
                             "Where to write the rewritten source map "
                             "(default: the -o path followed by .map)");

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
  wrr-instrument app.wasm --source-map app.wasm.map -o app.rr.wasm
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

// What the output's sourceMappingURL says: the map's name when it sits
// beside the output (URLs resolve against the module's), else its absolute
// path.
static std::string sourceMapUrl(const std::string &mapPath) {
  SmallString<256> map(mapPath),
      out(OutputFilename == "-" ? std::string("./-") : std::string(OutputFilename));
  sys::fs::make_absolute(map);
  sys::fs::make_absolute(out);
  if (sys::path::parent_path(map) == sys::path::parent_path(out))
    return sys::path::filename(map).str();
  return map.str().str();
}

static Error writeMap(const std::string &path, const std::string &json) {
  wrr::OutputFile output(path);
  auto os = output.open();
  if (!os)
    return os.takeError();
  **os << json;
  return output.commit();
}

static Error writeOutput(std::span<const uint8_t> in,
                         wrr::InstrumentOptions &options) {
  wrr::OutputFile output(OutputFilename);
  std::string mapPath;
  std::optional<wrr::SourceMapRewrite> map;
  if (!SourceMap.empty()) {
    mapPath = !SourceMapOut.empty() ? std::string(SourceMapOut)
                                    : std::string(OutputFilename) + ".map";
    if (OutputFilename == "-" && SourceMapOut.empty())
      return createStringError(inconvertibleErrorCode(),
                               "--source-map with -o - needs --source-map-out");
    map.emplace();
    ErrorOr<std::unique_ptr<MemoryBuffer>> text =
        MemoryBuffer::getFile(SourceMap, /*IsText=*/true);
    if (std::error_code EC = text.getError())
      return createStringError(EC, "cannot read '" + SourceMap + "': " +
                                       EC.message());
    map->input = (*text)->getBuffer().str();
    map->url = sourceMapUrl(mapPath);
    options.sourceMap = &*map;
  }
  auto commitAll = [&]() -> Error {
    // The map first: a module is never left pointing at a map that is not
    // there.
    if (map)
      if (Error e = writeMap(mapPath, map->output))
        return e;
    return output.commit();
  };
  if (!EmbedTrace.empty()) {
    if (Error e = wrr::bundleModule(
            in, EmbedTrace, [&] { return output.open(); }, options))
      return e;
    return commitAll();
  }
  auto result = wrr::instrumentModule(in, options);
  if (!result)
    return result.takeError();
  auto os = output.open();
  if (!os)
    return os.takeError();
  (*os)->write(reinterpret_cast<const char *>(result->data()), result->size());
  return commitAll();
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
  wrr::bn::onReadFailure([](const std::string &message) {
    errs() << "wrr-instrument: error: Binaryen 108 cannot read the module ("
           << message << "; blocks with parameters are a known cause)\n";
  });
  if (!Identity.empty()) {
    if (!IdentityOf.empty())
      ExitOnErr(createStringError(inconvertibleErrorCode(),
                                  "give --identity or --identity-of, not both"));
    std::string hex = Identity;
    std::optional<wrr::ModuleId> id = wrr::moduleIdFromHex(hex);
    if (!id)
      ExitOnErr(createStringError(inconvertibleErrorCode(),
                                  "--identity needs 64 hex digits, not '" + hex + "'"));
    options.identity = *id;
  }
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
