// The one way wrr's tools write an output file: into a temporary file beside
// it, renamed over it only when all went well, so that a failure leaves
// neither a partial file nor a damaged old one (and a file can be rewritten
// in place). Stdout ("-") and special files (/dev/null, a pipe) are written
// directly.
#ifndef WRR_TOOLS_OUTPUT_FILE_H
#define WRR_TOOLS_OUTPUT_FILE_H

#include <memory>
#include <optional>
#include <string>

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

namespace wrr {

class OutputFile {
public:
  explicit OutputFile(std::string path) : path_(std::move(path)) {}
  ~OutputFile(); // discards the temporary file unless committed
  OutputFile(const OutputFile &) = delete;
  OutputFile &operator=(const OutputFile &) = delete;

  // The stream to write to; nothing is created before this is called (a
  // tool opens it once its input has been checked).
  llvm::Expected<llvm::raw_ostream *> open();
  // Flushes, and puts the file in place.
  llvm::Error commit();

private:
  llvm::Error cannot(std::error_code EC) const;

  std::string path_;
  std::optional<llvm::sys::fs::TempFile> temp_;
  std::unique_ptr<llvm::raw_fd_ostream> os_;
};

// Writes `path` with `write` through an OutputFile: an error `write`
// returns leaves nothing behind.
llvm::Error writeOutputFile(
    const std::string &path,
    llvm::function_ref<llvm::Error(llvm::raw_ostream &)> write);

} // namespace wrr

#endif
