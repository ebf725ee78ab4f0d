#include "passes/binaryen.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string_view>

namespace wrr::bn {

namespace {

std::function<void(const std::string &)> &readFailure() {
  static std::function<void(const std::string &)> f =
      [](const std::string &message) {
        std::fprintf(stderr, "Binaryen 108 cannot read the module: %s\n",
                     message.c_str());
      };
  return f;
}

// Holds what Binaryen writes to std::cerr while it reads. Its reader prints
// "[parse exception: MESSAGE]", then "Fatal: ...\n", then calls _Exit(1):
// when that line is complete, the handler gets MESSAGE.
class ReadWatch : public std::streambuf {
public:
  const std::string &text() const { return text_; }

protected:
  int overflow(int c) override {
    if (c == traits_type::eof())
      return traits_type::not_eof(c);
    text_ += static_cast<char>(c);
    if (c == '\n' && text_.find("Fatal: ") != std::string::npos)
      readFailure()(message());
    return c;
  }
  std::streamsize xsputn(const char *s, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i)
      overflow(static_cast<unsigned char>(s[i]));
    return n;
  }

private:
  std::string message() const {
    static constexpr std::string_view kParse = "[parse exception: ";
    size_t begin = text_.find(kParse);
    size_t end = text_.find("]Fatal: ");
    if (begin == std::string::npos || end == std::string::npos || end < begin)
      return text_.substr(0, text_.size() - 1);
    return text_.substr(begin + kParse.size(), end - begin - kParse.size());
  }
  std::string text_;
};

} // namespace

void onReadFailure(std::function<void(const std::string &)> f) {
  readFailure() = std::move(f);
}

Module read(std::span<const uint8_t> bytes) {
  // The C API takes a mutable buffer but only copies from it (binaryen-c.cpp
  // of version 108 reads it into its own vector first).
  auto *data = reinterpret_cast<char *>(const_cast<uint8_t *>(bytes.data()));
  ReadWatch watch;
  std::streambuf *saved = std::cerr.rdbuf(&watch);
  Module m(BinaryenModuleRead(data, bytes.size()));
  std::cerr.rdbuf(saved);
  // Anything else it said (warnings) goes out as it was.
  std::cerr << watch.text();
  return m;
}

std::vector<uint8_t> write(BinaryenModuleRef module, bool names) {
  // Binaryen writes names exactly when debug info is on.
  BinaryenSetDebugInfo(names);
  BinaryenModuleAllocateAndWriteResult r =
      BinaryenModuleAllocateAndWrite(module, nullptr);
  std::unique_ptr<void, decltype(&std::free)> binary(r.binary, &std::free);
  std::unique_ptr<char, decltype(&std::free)> map(r.sourceMap, &std::free);
  auto *p = static_cast<const uint8_t *>(r.binary);
  return std::vector<uint8_t>(p, p + r.binaryBytes);
}

bool validate(BinaryenModuleRef module, std::string *firstError) {
  // libbinaryen.so shares our libstdc++, hence std::cerr.
  std::ostringstream text;
  std::streambuf *saved = std::cerr.rdbuf(text.rdbuf());
  bool ok = BinaryenModuleValidate(module);
  std::cerr.rdbuf(saved);
  if (!ok && firstError) {
    std::string all = text.str();
    *firstError = all.substr(0, all.find('\n'));
    // The first line often ends in ", on" before the IR it refers to.
    if (firstError->ends_with(", on"))
      firstError->resize(firstError->size() - 4);
  }
  return ok;
}

bool settleFeatures(BinaryenModuleRef module, std::string *firstError) {
  if (validate(module))
    return true;
  BinaryenFeatures declared = BinaryenModuleGetFeatures(module);
  BinaryenModuleSetFeatures(module, BinaryenFeatureAll());
  if (!validate(module, firstError)) {
    BinaryenModuleSetFeatures(module, declared);
    return false;
  }
  // Leave out, one at a time, each undeclared feature the module validates
  // without. Newer features come first: some need older ones (GC needs
  // reference types), which can go only after them.
  BinaryenFeatures used = BinaryenFeatureAll();
  for (BinaryenFeatures f = uint32_t{1} << 31; f; f >>= 1) {
    if (!(used & f) || (declared & f))
      continue;
    BinaryenModuleSetFeatures(module, used & ~f);
    if (validate(module))
      used &= ~f;
  }
  BinaryenModuleSetFeatures(module, used);
  return validate(module, firstError);
}

bool isImport(BinaryenFunctionRef func) {
  const char *base = BinaryenFunctionImportGetBase(func);
  return base && *base;
}

} // namespace wrr::bn
