// cpp_chrono_random_fs: the C++ standard library on WASI.
//  - std::chrono::system_clock / steady_clock  -> clock_time_get
//  - std::random_device (+ std::mt19937)       -> random_get
//  - lists the directory argv[1], sorted, with types
//
// Debian's wasm32 libc++ is built with _LIBCPP_HAS_NO_FILESYSTEM: <filesystem>
// has std::filesystem::path, but no directory_iterator, status() or other
// operations (their code is not in libc++.a). So this example uses
// std::filesystem::path for paths and POSIX opendir/readdir/lstat (fd_readdir,
// path_filestat_get) for the listing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>

namespace fs = std::filesystem;

struct Entry {
  std::string name;
  std::string type;
  long long size;
};

static std::vector<Entry> list_directory(const fs::path &dir, bool &ok) {
  std::vector<Entry> entries;
  DIR *d = opendir(dir.c_str());
  ok = d != nullptr;
  if (!d) return entries;
  while (const dirent *e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    fs::path full = dir / name;
    struct stat st;
    Entry entry{name, "unknown", -1};
    if (lstat(full.c_str(), &st) == 0) {
      entry.size = st.st_size;
      if (S_ISREG(st.st_mode)) entry.type = "file";
      else if (S_ISDIR(st.st_mode)) entry.type = "dir";
      else if (S_ISLNK(st.st_mode)) entry.type = "symlink";
    }
    entries.push_back(entry);
  }
  closedir(d);
  std::sort(entries.begin(), entries.end(),
            [](const Entry &a, const Entry &b) { return a.name < b.name; });
  return entries;
}

int main(int argc, char **argv) {
  using namespace std::chrono;

  // Clocks.
  auto wall = system_clock::now();
  auto start = steady_clock::now();
  std::time_t t = system_clock::to_time_t(wall);
  char date[64] = "?";
  if (std::tm *tm = std::gmtime(&t))
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", tm);
  std::printf("system_clock: %lld ms since epoch (%s)\n",
              (long long)duration_cast<milliseconds>(wall.time_since_epoch()).count(),
              date);

  // Randomness: seed a Mersenne twister from the runtime's entropy.
  std::random_device rd;
  unsigned seed = rd();
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> die(1, 6);
  std::printf("random_device seed: %u\n", seed);
  std::printf("mt19937 dice:");
  for (int i = 0; i < 8; i++) std::printf(" %d", die(gen));
  std::printf("\n");

  // Directory listing.
  fs::path dir = argc > 1 ? argv[1] : ".";
  bool ok;
  std::vector<Entry> entries = list_directory(dir, ok);
  if (!ok) {
    std::perror(dir.c_str());
    return 1;
  }
  std::printf("%s (filename '%s'): %zu entries\n", dir.c_str(),
              dir.filename().c_str(), entries.size());
  for (const Entry &e : entries) {
    fs::path p(e.name);
    std::printf("  %-8s %-20s ext='%s' size=%lld\n", e.type.c_str(),
                e.name.c_str(), p.extension().c_str(), e.size);
  }

  auto elapsed = steady_clock::now() - start;
  std::printf("steady_clock: took %lld us\n",
              (long long)duration_cast<microseconds>(elapsed).count());
  return 0;
}
