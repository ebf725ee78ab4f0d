// Checking a trace's blocks and sealing a trace a killed recorder left open.
#include "rrlib/trace.h"

#include "rrlib/little_endian.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <xxhash.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wrr::trace {

// ---- Sealing ----------------------------------------------------------------

namespace {

// A file descriptor closed on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
};

// Calls `io` (pread or pwrite) until all `n` bytes at `at` are done.
template <class Io, class Bytes>
bool allAt(Io io, int fd, Bytes *p, size_t n, uint64_t at) {
  while (n) {
    ssize_t done = io(fd, p, n, static_cast<off_t>(at));
    if (done < 0 && errno == EINTR)
      continue;
    if (done <= 0)
      return false;
    p += done;
    n -= static_cast<size_t>(done);
    at += static_cast<uint64_t>(done);
  }
  return true;
}

bool preadAll(int fd, uint8_t *p, size_t n, uint64_t at) {
  return allAt(::pread, fd, p, n, at);
}

bool pwriteAll(int fd, const uint8_t *p, size_t n, uint64_t at) {
  return allAt(::pwrite, fd, p, n, at);
}

// The first `limit` bytes of another source.
class LimitedSource : public Source {
public:
  LimitedSource(std::unique_ptr<Source> inner, uint64_t limit)
      : inner_(std::move(inner)), left_(limit) {}
  size_t read(uint8_t *p, size_t n) override {
    n = static_cast<size_t>(std::min<uint64_t>(n, left_));
    size_t got = n ? inner_->read(p, n) : 0;
    left_ -= got;
    if (got < n && error_.empty())
      error_ = inner_->error();
    return got;
  }

private:
  std::unique_ptr<Source> inner_;
  uint64_t left_;
};

struct ScannedBlock {
  uint64_t fileOffset = 0; // of its frame word
  uint64_t fileEnd = 0;    // just past its checksum
  uint64_t streamEnd = 0;  // stream offset just past its payload
  uint64_t chain = 0;      // its checksum
  bool final = false;
};

// The trace's header, read and checked; an empty string or why not.
std::string readHeaderAt(int fd, uint64_t size, uint8_t (&header)[kHeaderSize]);

} // namespace

// Verified blocks, in order, up to the first that does not verify or the
// first final one; `at` is where the next block's frame word would be.
struct BlockScanner::State {
  bool started = false, stopped = false;
  std::string problem; // the header's
  uint64_t chain = 0, at = kHeaderSize, stream = 0;
  std::vector<ScannedBlock> blocks;
  Bytes payload; // filled by each block's read: not zeroed first
};

BlockScanner::BlockScanner() : s_(std::make_unique<State>()) {}
BlockScanner::~BlockScanner() = default;

void BlockScanner::advance(int fd, uint64_t size) {
  State &s = *s_;
  if (s.stopped)
    return;
  if (!s.started) {
    if (size < kHeaderSize)
      return;
    uint8_t header[kHeaderSize];
    if (s.problem = readHeaderAt(fd, size, header); !s.problem.empty()) {
      s.stopped = true;
      return;
    }
    s.chain = XXH64(header, kChainSeedBytes, 0);
    s.started = true;
  }
  while (s.at + 4 <= size) {
    uint8_t word[4];
    if (!preadAll(fd, word, 4, s.at))
      return;
    uint32_t frame = static_cast<uint32_t>(readLE(word, 4));
    uint32_t len = frame & ~kFinalBlock;
    if (len > kMaxBlockBytes) {
      s.stopped = true;
      return;
    }
    if (s.at + 4 + len + 8 > size)
      return; // not all written yet
    s.payload.clear(); // nothing of the last block to copy if it grows
    resizeForOverwrite(s.payload, len);
    uint8_t sum[8];
    if (!preadAll(fd, s.payload.data(), len, s.at + 4) || !preadAll(fd, sum, 8, s.at + 4 + len))
      return;
    uint64_t expect = blockChecksum(s.chain, frame, s.payload);
    if (readLE(sum, 8) != expect) {
      s.stopped = true;
      return;
    }
    s.chain = expect;
    s.stream += len;
    s.at += 4 + uint64_t{len} + 8;
    s.blocks.push_back({s.at - 12 - len, s.at, s.stream, s.chain, (frame & kFinalBlock) != 0});
    if (s.blocks.back().final) {
      s.stopped = true;
      return;
    }
  }
}

BlockCheck BlockScanner::check(uint64_t size) const {
  const State &s = *s_;
  BlockCheck r;
  r.blocks = s.blocks.size();
  r.bytes = size;
  if (!s.started)
    r.problem = s.problem.empty() ? "the trace has no whole header: nothing was recorded" : s.problem;
  else if (s.blocks.empty() || !s.blocks.back().final)
    r.problem = "the trace has no final block";
  else if (s.blocks.back().fileEnd != size)
    r.problem = "trace has data after its final block";
  else
    r.complete = true;
  return r;
}

struct BlockScanAccess {
  // The blocks of the trace open at `fd` (`size` bytes) that verify.
  static std::vector<ScannedBlock> scan(int fd, uint64_t size) {
    BlockScanner scanner;
    scanner.advance(fd, size);
    return std::move(scanner.s_->blocks);
  }
};

namespace {

// The trace's header, read and checked; an empty string or why not.
std::string readHeaderAt(int fd, uint64_t size, uint8_t (&header)[kHeaderSize]) {
  if (size < kHeaderSize || !preadAll(fd, header, kHeaderSize, 0) ||
      std::memcmp(header, kMagic.data(), kMagic.size()) != 0)
    return "the trace has no whole header: nothing was recorded";
  if (Reader check(openMemory({header, kHeaderSize})); !check.ok())
    return "the trace's header is damaged: " + check.error();
  return "";
}

// Opens the trace at `path` (`flags`: read only, or read and write for
// sealing), finds its size and reads its header; an empty string or why not.
std::string openTraceFile(const std::string &path, int flags, Fd &f,
                          uint64_t &size, uint8_t (&header)[kHeaderSize]) {
  f.fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (f.fd < 0)
    return "cannot open the trace: " + std::string(std::strerror(errno));
  struct stat st{};
  if (::fstat(f.fd, &st) != 0)
    return "cannot read the trace: " + std::string(std::strerror(errno));
  size = static_cast<uint64_t>(st.st_size);
  return readHeaderAt(f.fd, size, header);
}

} // namespace

BlockCheck checkBlocks(const std::string &path) {
  Fd f;
  uint64_t size = 0;
  uint8_t header[kHeaderSize];
  if (std::string problem = openTraceFile(path, O_RDONLY, f, size, header); !problem.empty()) {
    BlockCheck r;
    r.problem = problem;
    return r;
  }
  BlockScanner scanner;
  scanner.advance(f.fd, size);
  return scanner.check(size);
}

SealResult sealTrace(const std::string &path) {
  SealResult r;
  Fd f;
  uint64_t size = 0;
  uint8_t header[kHeaderSize];
  if (r.error = openTraceFile(path, O_RDWR, f, size, header); !r.error.empty())
    return r;

  // Pass 1: the verified blocks, read one frame at a time.
  std::vector<ScannedBlock> blocks = BlockScanAccess::scan(f.fd, size);
  uint64_t verified = blocks.empty() ? kHeaderSize : blocks.back().fileEnd;

  // Pass 2: the whole events in those blocks.
  std::string error;
  std::unique_ptr<Source> file = openFile(path, error);
  if (!file) {
    r.error = error;
    return r;
  }
  if (file->compressed()) {
    r.error = "a compressed trace cannot be sealed";
    return r;
  }
  Reader reader(std::make_unique<LimitedSource>(std::move(file), verified));
  Event event;
  uint64_t events = 0, lastEnd = 0;
  bool ended = false;
  while (reader.next(event)) {
    ++events;
    lastEnd = event.offset + event.size;
    ended = event.endsTrace();
  }
  bool whole = reader.ok() && reader.atEnd();
  if (whole && verified == size) {
    Reader full(path);
    while (full.next(event)) {
    }
    r.ok = r.complete = full.ok();
    if (!r.ok)
      r.error = full.error();
    r.events = events;
    r.blocks = blocks.size();
    return r;
  }
  if (!whole) {
    // Why the whole file does not read: the first error a reader meets.
    Reader full(path);
    while (full.next(event)) {
    }
    r.problem = full.ok() ? reader.error() : full.error();
  } else {
    r.problem = "trace has data after its final block";
  }

  uint64_t keep = verified;
  std::vector<uint8_t> tail; // the new final block, framed
  if (!whole) {
    // Keep whole blocks up to the last event boundary; the whole events
    // after them go, with a stop event, into a new final block.
    size_t j = 0;
    while (j < blocks.size() && blocks[j].streamEnd <= lastEnd)
      ++j;
    uint64_t from = j ? blocks[j - 1].streamEnd : 0;
    uint64_t seed = j ? blocks[j - 1].chain : XXH64(header, kChainSeedBytes, 0);
    keep = j ? blocks[j - 1].fileEnd : kHeaderSize;
    std::vector<uint8_t> body(lastEnd - from);
    if (!body.empty() && !preadAll(f.fd, body.data(), body.size(), keep + 4)) {
      r.error = "cannot read the trace: " + std::string(std::strerror(errno));
      return r;
    }
    if (!ended) {
      body.push_back(kStopped);
      ++events;
      r.addedStop = true;
    }
    uint32_t frame = static_cast<uint32_t>(body.size()) | kFinalBlock;
    putLE(tail, frame, 4);
    tail.insert(tail.end(), body.begin(), body.end());
    putLE(tail, blockChecksum(seed, frame, body), 8);
    r.blocks = j + 1;
  } else {
    r.blocks = blocks.size();
  }
  // Truncate first: on a full disk that frees the room the tail needs.
  if (::ftruncate(f.fd, static_cast<off_t>(keep)) != 0 ||
      !pwriteAll(f.fd, tail.data(), tail.size(), keep)) {
    r.error = "cannot seal the trace: " + std::string(std::strerror(errno));
    return r;
  }
  r.bytesCut = size > keep ? size - keep : 0;
  r.events = events;
  r.ok = true;
  return r;
}

} // namespace wrr::trace
