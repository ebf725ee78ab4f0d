// Where traces are read from and written to: files, memory, zstd frames.
#include "rrlib/trace.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <zstd.h>

namespace wrr::trace {

// ---- Sources and sinks ------------------------------------------------------

static constexpr uint8_t kZstdMagic[4] = {0x28, 0xb5, 0x2f, 0xfd};

namespace {

class FileSource : public Source {
public:
  FileSource(std::FILE *file, bool owned) : file_(file), owned_(owned) {}
  ~FileSource() override {
    if (owned_)
      std::fclose(file_);
  }
  size_t read(uint8_t *p, size_t n) override {
    size_t got = std::fread(p, 1, n, file_);
    if (got < n && std::ferror(file_) && error_.empty())
      error_ = std::string("cannot read trace: ") + std::strerror(errno);
    return got;
  }

private:
  std::FILE *file_;
  bool owned_;
};

class MemorySource : public Source {
public:
  explicit MemorySource(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  size_t read(uint8_t *p, size_t n) override {
    n = std::min(n, bytes_.size() - pos_);
    std::memcpy(p, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

// Gives back the bytes looked at to choose the format, then the rest.
class PeekedSource : public Source {
public:
  PeekedSource(std::unique_ptr<Source> inner, std::vector<uint8_t> peeked)
      : inner_(std::move(inner)), peeked_(std::move(peeked)) {}
  bool compressed() const override { return inner_->compressed(); }
  size_t read(uint8_t *p, size_t n) override {
    size_t got = std::min(n, peeked_.size() - pos_);
    std::memcpy(p, peeked_.data() + pos_, got);
    pos_ += got;
    if (got < n)
      got += inner_->read(p + got, n - got);
    if (error_.empty())
      error_ = inner_->error();
    return got;
  }

private:
  std::unique_ptr<Source> inner_;
  std::vector<uint8_t> peeked_;
  size_t pos_ = 0;
};

class ZstdSource : public Source {
public:
  explicit ZstdSource(std::unique_ptr<Source> inner)
      : inner_(std::move(inner)), stream_(ZSTD_createDStream()),
        buffer_(ZSTD_DStreamInSize()) {}
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }
  bool compressed() const override { return true; }

  size_t read(uint8_t *p, size_t n) override {
    ZSTD_outBuffer out{p, n, 0};
    while (out.pos < out.size && error_.empty()) {
      if (in_.pos == in_.size && !eof_) {
        in_.size = inner_->read(buffer_.data(), buffer_.size());
        in_.src = buffer_.data();
        in_.pos = 0;
        if (!inner_->error().empty()) {
          error_ = inner_->error();
          break;
        }
        eof_ = in_.size == 0;
      }
      size_t before = out.pos, consumed = in_.pos;
      size_t r = ZSTD_decompressStream(stream_, &out, &in_);
      if (ZSTD_isError(r)) {
        error_ = std::string("cannot decompress trace: ") +
                 ZSTD_getErrorName(r);
        break;
      }
      bool progress = out.pos != before || in_.pos != consumed;
      if (progress)
        frameDone_ = r == 0;
      if (eof_ && in_.pos == in_.size && !progress) {
        if (!frameDone_)
          error_ = "the compressed trace is truncated";
        break;
      }
    }
    return out.pos;
  }

private:
  std::unique_ptr<Source> inner_;
  ZSTD_DStream *stream_;
  std::vector<uint8_t> buffer_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool eof_ = false;
  bool frameDone_ = true;
};

// Looks at the first bytes: a zstd frame is decompressed as it is read.
std::unique_ptr<Source> sniff(std::unique_ptr<Source> source) {
  std::vector<uint8_t> first(4);
  first.resize(source->read(first.data(), first.size()));
  bool zstd = first.size() == 4 && std::equal(first.begin(), first.end(),
                                               std::begin(kZstdMagic));
  auto peeked = std::make_unique<PeekedSource>(std::move(source),
                                               std::move(first));
  if (zstd)
    return std::make_unique<ZstdSource>(std::move(peeked));
  return peeked;
}

class ZstdSink : public Sink {
public:
  ZstdSink(Sink &inner, int level)
      : inner_(inner), stream_(ZSTD_createCStream()),
        buffer_(ZSTD_CStreamOutSize()) {
    ZSTD_initCStream(stream_, level);
  }
  ~ZstdSink() override { ZSTD_freeCStream(stream_); }

  bool write(std::span<const uint8_t> bytes) override {
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    while (ok() && in.pos < in.size) {
      ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
      size_t r = ZSTD_compressStream(stream_, &out, &in);
      if (!check(r) || !emit(out))
        return false;
    }
    return ok();
  }
  bool finish() override {
    if (finished_)
      return ok();
    finished_ = true;
    size_t r;
    do {
      ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
      r = ZSTD_endStream(stream_, &out);
      if (!check(r) || !emit(out))
        return false;
    } while (r != 0);
    return inner_.finish() || (error_ = inner_.error(), false);
  }

private:
  bool check(size_t r) {
    if (ZSTD_isError(r) && ok())
      error_ = std::string("cannot compress: ") + ZSTD_getErrorName(r);
    return ok();
  }
  bool emit(const ZSTD_outBuffer &out) {
    if (!inner_.write({buffer_.data(), out.pos}) && ok())
      error_ = inner_.error();
    return ok();
  }

  Sink &inner_;
  ZSTD_CStream *stream_;
  std::vector<uint8_t> buffer_;
  bool finished_ = false;
};

} // namespace

std::unique_ptr<Source> openFile(const std::string &path, std::string &error) {
  if (path == "-")
    return sniff(std::make_unique<FileSource>(stdin, false));
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return nullptr;
  }
  return sniff(std::make_unique<FileSource>(f, true));
}

std::unique_ptr<Source> openMemory(std::span<const uint8_t> bytes) {
  return sniff(std::make_unique<MemorySource>(bytes));
}

std::vector<uint8_t> peek(std::unique_ptr<Source> &source, size_t n) {
  std::vector<uint8_t> first(n);
  first.resize(source->read(first.data(), n));
  source = std::make_unique<PeekedSource>(std::move(source), first);
  return first;
}

std::unique_ptr<Sink> zstdSink(Sink &inner, int level) {
  return std::make_unique<ZstdSink>(inner, level);
}

} // namespace wrr::trace
