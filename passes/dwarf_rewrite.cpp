#include "passes/dwarf_rewrite.h"

#include <map>
#include <string>

#include "passes/dwarf_rewriter.h"
#include "passes/error.h"
#include "rrlib/leb128.h"
#include "rrlib/wasm_sections.h"

namespace wrr {

llvm::Expected<std::vector<uint8_t>>
rewriteDebugSections(std::span<const uint8_t> sections, const CodeOffsetMap &map,
                     const std::function<void(const std::string &)> &warn) {
  auto say = [&](const std::string &m) {
    if (warn)
      warn(m);
  };
  // The sections, in order; DWARF's by name (a second one of a name is
  // dropped: DWARF has one of each).
  struct Entry {
    std::string name;
    std::span<const uint8_t> whole;
  };
  std::vector<Entry> order;
  std::map<std::string, std::vector<uint8_t>> dwarf;
  size_t at = 0;
  while (at < sections.size()) {
    size_t begin = at++;
    uint64_t size, nameLen;
    if (!readUleb(sections, at, size) || size > sections.size() - at)
      return error("a damaged custom section");
    size_t end = at + size, p = at;
    if (!readUleb(sections.first(end), p, nameLen) || nameLen > end - p)
      return error("a damaged custom section");
    std::string name(reinterpret_cast<const char *>(sections.data() + p), nameLen);
    at = end;
    if (name.starts_with(".debug_")) {
      if (!dwarf.emplace(name, std::vector<uint8_t>(sections.begin() + p + nameLen,
                                                    sections.begin() + end)).second) {
        say("dropped a second " + name + " section");
        continue;
      }
    }
    order.push_back({name, sections.subspan(begin, end - begin)});
  }
  if (!map.identity()) {
    dwarf::Rewriter r(dwarf, map);
    if (auto e = r.run())
      return e;
  }
  std::vector<uint8_t> out;
  for (const Entry &e : order) {
    auto it = dwarf.find(e.name);
    if (it != dwarf.end()) {
      appendCustomSection(out, e.name, it->second);
    } else if (map.identity() && (e.name != "sourceMappingURL" ||
                                  map.inputCodeStart == map.outputCodeStart)) {
      // (A source map counts from the start of the file.)
      out.insert(out.end(), e.whole.begin(), e.whole.end());
    } else if (e.name == "sourceMappingURL") {
      say("dropped the sourceMappingURL section: instrumenting moved the "
          "code it maps; pass --source-map with the map's file to rewrite it");
    } else {
      say("dropped the " + e.name + " section: instrumenting moved the code "
          "it describes, and wrr cannot rewrite what it points to");
    }
  }
  return out;
}

} // namespace wrr
