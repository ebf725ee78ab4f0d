// What wrr-trace's subcommands share: their options (defined with the
// subcommands in tools/wrr-trace.cpp), opening and writing traces (open.cpp)
// and the commands, one file per group.
#ifndef WRR_TOOLS_WRR_TRACE_H
#define WRR_TOOLS_WRR_TRACE_H

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rrlib/trace.h"

namespace t = wrr::trace;

enum class Form { Auto, Binary, Json };
extern llvm::cl::opt<std::string> DumpInput;
extern llvm::cl::opt<bool> DumpJson;
extern llvm::cl::opt<bool> DumpRaw;
extern llvm::cl::opt<uint64_t> DumpFrom;
extern llvm::cl::opt<uint64_t> DumpCount;
extern llvm::cl::opt<bool> DumpDigests;
extern llvm::cl::opt<bool> DumpHeader;
extern llvm::cl::opt<unsigned> StringLimit;
extern llvm::cl::opt<std::string> ConvertInput;
extern llvm::cl::opt<std::string> ConvertOutput;
extern llvm::cl::opt<Form> ConvertTo;
extern llvm::cl::opt<bool> Zstd;
extern llvm::cl::opt<std::string> DiffA;
extern llvm::cl::opt<std::string> DiffB;
extern llvm::cl::opt<unsigned> Context;
extern llvm::cl::opt<std::string> StatsInput;
extern llvm::cl::opt<std::string> SearchInput;
extern llvm::cl::list<std::string> SearchFunction;
extern llvm::cl::opt<uint64_t> SearchFd;
extern llvm::cl::opt<std::string> SearchText;
extern llvm::cl::opt<std::string> SearchPath;
extern llvm::cl::opt<bool> SearchErrors;
extern llvm::cl::opt<std::string> ViewInput;
extern llvm::cl::opt<unsigned> ViewPort;
extern llvm::cl::opt<std::string> VerifyInput;
extern llvm::cl::opt<std::string> VerifyModule;
extern llvm::cl::opt<std::string> RedactInput;
extern llvm::cl::opt<std::string> RedactOutput;
extern llvm::cl::list<std::string> RedactEnv;

extern llvm::ExitOnError ExitOnErr;

llvm::Error traceError(llvm::StringRef path, const std::string &message);

// A trace in any form; a JSON one is converted in memory first.
struct OpenTrace {
  std::vector<uint8_t> bytes; // the converted trace; outlives the reader
  std::unique_ptr<t::Reader> reader;
  bool json = false;
};


llvm::Expected<OpenTrace> openTrace(const std::string &path);
bool endsWith(llvm::StringRef s, llvm::StringRef suffix);
// Whether OUT's name asks for the JSON form (.json, .json.zst).
bool jsonByName(llvm::StringRef path);
// Writes OUT in the form its name or the options ask for. `binary` writes
// the binary trace.
llvm::Error writeTrace(llvm::StringRef path, bool json, bool zstd,
                       const std::function<std::string(t::Sink &)> &binary);
// Copies the trace `reader` reads (from `path`) into `sink` event by event,
// so that it is verified, with its blocks where they were; `edit` may change
// an event's raw bytes first (keeping their length). An error or "".
std::string copyTrace(t::Reader &reader, const std::string &path,
                      t::Sink &sink,
                      const std::function<void(t::Event &)> &edit = {});

// The commands; each returns the exit status.
int dump();
int search();
int convert();
int redact();
int diff();
int stats();
int verify();
int view();

#endif
