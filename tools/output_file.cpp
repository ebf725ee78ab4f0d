#include "tools/output_file.h"

using namespace llvm;

namespace wrr {

OutputFile::~OutputFile() {
  // A stream destroyed with an unchecked error is a fatal LLVM error.
  if (os_)
    os_->clear_error();
  os_.reset();
  if (temp_)
    consumeError(temp_->discard());
}

Expected<raw_ostream *> OutputFile::open() {
  if (path_ == "-")
    return &outs();
  sys::fs::file_status status;
  if (!sys::fs::status(path_, status) && sys::fs::exists(status) &&
      !sys::fs::is_regular_file(status) && !sys::fs::is_directory(status)) {
    std::error_code EC;
    os_ = std::make_unique<raw_fd_ostream>(path_, EC);
    if (EC)
      return cannot(EC);
    return os_.get();
  }
  auto temp = sys::fs::TempFile::create(
      path_ + "-%%%%%%.tmp", sys::fs::all_read | sys::fs::owner_write);
  if (!temp)
    return cannot(errorToErrorCode(temp.takeError()));
  temp_.emplace(std::move(*temp));
  os_ = std::make_unique<raw_fd_ostream>(temp_->FD, /*shouldClose=*/false);
  return os_.get();
}

Error OutputFile::commit() {
  raw_fd_ostream &os = os_ ? *os_ : outs();
  os.flush();
  if (os.has_error()) {
    std::error_code EC = os.error();
    os.clear_error();
    return cannot(EC);
  }
  if (!temp_)
    return Error::success();
  os_.reset();
  Error e = temp_->keep(path_);
  temp_.reset();
  if (e)
    return cannot(errorToErrorCode(std::move(e)));
  return Error::success();
}

Error OutputFile::cannot(std::error_code EC) const {
  return createStringError(EC, "cannot write '" + path_ + "': " + EC.message());
}

Error writeOutputFile(const std::string &path,
                      function_ref<Error(raw_ostream &)> write) {
  OutputFile out(path);
  Expected<raw_ostream *> os = out.open();
  if (!os)
    return os.takeError();
  if (Error e = write(**os))
    return e;
  return out.commit();
}

} // namespace wrr
