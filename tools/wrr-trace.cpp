//===- wrr-trace.cpp - read, convert, compare and check wrr traces --------===//
//
// A thin command line over rrlib/trace.h, trace_json.h and trace_text.h:
// the subcommands and their options; the commands are in tools/wrr-trace/.
// Exit status: 0 ok, 1 error (bad input); diff exits 1 when the traces
// differ and 2 on errors, as diff(1) does.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include "passes/error.h"
#include "tools/wrr-trace/wrr-trace.h"

using namespace llvm;
using wrr::error;

static cl::OptionCategory Category("wrr-trace options");

static cl::SubCommand DumpCmd("dump", "Print a trace, one line per event");
static cl::SubCommand
    ConvertCmd("convert", "Convert a trace between its binary and JSON forms");
static cl::SubCommand DiffCmd("diff",
                              "Show where two traces part (exit 1 if they do)");
static cl::SubCommand StatsCmd("stats", "Summarize a trace");
static cl::SubCommand
    VerifyCmd("verify", "Check a trace's integrity, and that it fits a module");
static cl::SubCommand
    RedactCmd("redact",
              "Hide secret environment values before sharing a trace");
static cl::SubCommand SearchCmd("search",
                                "List the events that match (their numbers)");
static cl::SubCommand ViewCmd("view",
                              "Serve the web page's trace viewer on 127.0.0.1");

// dump
cl::opt<std::string> DumpInput(cl::Positional, cl::Required,
                                      cl::desc("<trace>"), cl::sub(DumpCmd),
                                      cl::cat(Category));
cl::opt<bool> DumpJson("json", cl::desc("Write JSON, for scripts"),
                              cl::sub(DumpCmd), cl::sub(StatsCmd),
                              cl::sub(DiffCmd), cl::sub(SearchCmd),
                              cl::cat(Category));
cl::opt<bool>
    DumpRaw("raw",
            cl::desc("With --json, each result's bytes in hex too (\"raw\")"),
            cl::sub(DumpCmd), cl::sub(SearchCmd), cl::cat(Category));
cl::opt<uint64_t> DumpFrom("from", cl::desc("Start at event N"),
                                  cl::value_desc("N"), cl::init(1),
                                  cl::sub(DumpCmd), cl::cat(Category));
cl::opt<uint64_t>
    DumpCount("count", cl::desc("Print at most N events (0: all)"),
              cl::value_desc("N"), cl::init(0), cl::sub(DumpCmd),
              cl::sub(SearchCmd), cl::cat(Category));
cl::opt<bool> DumpDigests("digests",
                                 cl::desc("Show each call's input digest"),
                                 cl::sub(DumpCmd), cl::cat(Category));
cl::opt<bool> DumpHeader("header", cl::desc("Print the header first"),
                                cl::sub(DumpCmd), cl::cat(Category));
cl::opt<unsigned>
    StringLimit("string-limit",
                cl::desc("Bytes of a string shown before '...'"), cl::init(32),
                cl::sub(DumpCmd), cl::sub(DiffCmd), cl::cat(Category));
static cl::alias StringLimitS("s", cl::desc("Alias for --string-limit"),
                              cl::aliasopt(StringLimit), cl::cat(Category));

// convert
cl::opt<std::string> ConvertInput(cl::Positional, cl::Required,
                                         cl::desc("<in>"), cl::sub(ConvertCmd),
                                         cl::cat(Category));
cl::opt<std::string> ConvertOutput(cl::Positional, cl::Required,
                                          cl::desc("<out>"),
                                          cl::sub(ConvertCmd),
                                          cl::cat(Category));
cl::opt<Form>
    ConvertTo("to",
              cl::desc("Output form (default: JSON if <out> ends in .json or "
                       ".json.zst, else binary)"),
              cl::values(clEnumValN(Form::Binary, "binary", "the binary trace"),
                         clEnumValN(Form::Json, "json", "the JSON form")),
              cl::init(Form::Auto), cl::sub(ConvertCmd), cl::cat(Category));
cl::opt<bool> Zstd("zstd",
                          cl::desc("Compress the output with zstd (default "
                                   "when <out> ends in .zst)"),
                          cl::sub(ConvertCmd), cl::sub(RedactCmd),
                          cl::cat(Category));

// diff
cl::opt<std::string> DiffA(cl::Positional, cl::Required,
                                  cl::desc("<trace A>"), cl::sub(DiffCmd),
                                  cl::cat(Category));
cl::opt<std::string> DiffB(cl::Positional, cl::Required,
                                  cl::desc("<trace B>"), cl::sub(DiffCmd),
                                  cl::cat(Category));
cl::opt<unsigned> Context("context",
                                 cl::desc("Events of context on each side"),
                                 cl::init(3), cl::sub(DiffCmd),
                                 cl::cat(Category));
static cl::alias ContextC("C", cl::desc("Alias for --context"),
                          cl::aliasopt(Context), cl::cat(Category));

// stats
cl::opt<std::string> StatsInput(cl::Positional, cl::Required,
                                       cl::desc("<trace>"), cl::sub(StatsCmd),
                                       cl::cat(Category));

// search
cl::opt<std::string> SearchInput(cl::Positional, cl::Required,
                                        cl::desc("<trace>"), cl::sub(SearchCmd),
                                        cl::cat(Category));
cl::list<std::string>
    SearchFunction("function", cl::desc("Events of these names"),
                   cl::value_desc("name"), cl::CommaSeparated,
                   cl::sub(SearchCmd), cl::cat(Category));
cl::opt<uint64_t>
    SearchFd("fd", cl::desc("Events whose results name this descriptor"),
             cl::value_desc("N"), cl::sub(SearchCmd), cl::cat(Category));
cl::opt<std::string>
    SearchText("text",
               cl::desc("Events whose string or byte results hold this text"),
               cl::value_desc("text"), cl::sub(SearchCmd), cl::cat(Category));
cl::opt<std::string>
    SearchPath("path",
               cl::desc("Events whose paths hold this text: paths given to "
                        "calls (format 3), preopened directories' names"),
               cl::value_desc("text"), cl::sub(SearchCmd), cl::cat(Category));
cl::opt<bool> SearchErrors("errors",
                                  cl::desc("Failed calls, refused grows, traps "
                                           "and stops"),
                                  cl::sub(SearchCmd), cl::cat(Category));

// view
cl::opt<std::string> ViewInput(cl::Positional, cl::Required,
                                      cl::desc("<trace>"), cl::sub(ViewCmd),
                                      cl::cat(Category));
cl::opt<unsigned> ViewPort("port",
                                  cl::desc("Port on 127.0.0.1 (default 8117; "
                                           "0: any free one)"),
                                  cl::init(8117), cl::sub(ViewCmd),
                                  cl::cat(Category));

// verify
cl::opt<std::string> VerifyInput(cl::Positional, cl::Required,
                                        cl::desc("<trace>"), cl::sub(VerifyCmd),
                                        cl::cat(Category));
cl::opt<std::string> VerifyModule(
    "module",
    cl::desc("Check that the trace was recorded from this module (the "
             "original, or its instrumented build)"),
    cl::value_desc("app.wasm"), cl::sub(VerifyCmd), cl::cat(Category));

// redact
cl::opt<std::string> RedactInput(cl::Positional, cl::Required,
                                        cl::desc("<trace>"), cl::sub(RedactCmd),
                                        cl::cat(Category));
cl::opt<std::string> RedactOutput("o", cl::Required,
                                         cl::desc("Output trace"),
                                         cl::value_desc("out.wrr"),
                                         cl::sub(RedactCmd), cl::cat(Category));
cl::list<std::string> RedactEnv(
    "env",
    cl::desc("Redact the variables whose names match this glob "
             "(case-insensitive; repeatable, or comma-separated). Default: "
             "*TOKEN*,*SECRET*,*PASSWORD*,*KEY*,AWS_*"),
    cl::value_desc("pattern"), cl::CommaSeparated, cl::sub(RedactCmd),
    cl::cat(Category));

static const char *const Overview =
    R"(wrr-trace: read, convert, compare, summarize and check wrr traces

  wrr-trace dump TRACE [--json]       one line per event
  wrr-trace convert IN OUT            binary <-> JSON (by OUT's name), zstd
  wrr-trace diff A B                  where two traces part (exit 1 if so)
  wrr-trace stats TRACE               events and bytes per function, memory
  wrr-trace verify TRACE [--module M] integrity, and the module it fits
  wrr-trace redact TRACE -o OUT       hide secret environment values
  wrr-trace search TRACE --text T     the events that match
  wrr-trace view TRACE                see it in the web page

A TRACE may be binary (trace.wrr), zstd-compressed (trace.wrr.zst) or in
the JSON form (trace.json); "-" reads stdin. The module replays only the
uncompressed binary form: decompress first with
  wrr-trace convert trace.wrr.zst trace.wrr
See docs/wrr-trace.md.
)";

static void printVersion(raw_ostream &OS) {
  OS << "wrr-trace " << WRR_VERSION << "\n";
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  // Each subcommand and the function that runs it (tools/wrr-trace/).
  const std::pair<cl::SubCommand *, int (*)()> commands[] = {
      {&DumpCmd, dump},     {&ConvertCmd, convert}, {&DiffCmd, diff},
      {&StatsCmd, stats},   {&VerifyCmd, verify},   {&RedactCmd, redact},
      {&SearchCmd, search}, {&ViewCmd, view}};
  for (auto [sub, run] : commands)
    cl::HideUnrelatedOptions(Category, *sub);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &errs()))
    return DiffCmd ? 2 : 1;
  for (auto [sub, run] : commands)
    if (*sub)
      return run();
  ExitOnErr(error("no command given: dump, convert, diff, stats, verify, "
                  "redact, search or view (see --help)"));
  return 1;
}
