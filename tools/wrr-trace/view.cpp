// wrr-trace view: the web page's trace viewer, served by node.
#include "tools/wrr-trace/wrr-trace.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

#include "passes/error.h"

using namespace llvm;
using wrr::error;

// ---- view -------------------------------------------------------------------

// Hands over to the page's server (runner/host/serve.mjs, on node from
// PATH), which answers the viewer with this program's dump, search, stats
// and diff.
int view() {
  if (!sys::fs::exists(ViewInput))
    ExitOnErr(error("cannot read '" + ViewInput + "': no such file"));
  ErrorOr<std::string> node = sys::findProgramByName("node");
  if (!node)
    ExitOnErr(error("node is not on PATH (install Debian's nodejs package)"));
  std::string self =
      sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&view));
  std::string serve = std::string(WRR_RUNNER_DIR) + "/host/serve.mjs";
  std::string port = std::to_string(ViewPort);
  std::vector<const char *> argv = {node->c_str(),      serve.c_str(),
                                    "--port",           port.c_str(),
                                    "--trace",          ViewInput.c_str(),
                                    "--wrr-trace",      self.c_str(),
                                    nullptr};
  outs().flush();
  execv(node->c_str(), const_cast<char *const *>(argv.data()));
  ExitOnErr(error("cannot run '" + *node + "': " + std::strerror(errno)));
  return 1;
}
