// stat_files: lstat()s each argument (path_filestat_get) and prints its type,
// size, link count and modification time. Exits 1 if any stat failed.
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

static const char *type_name(mode_t m) {
  if (S_ISREG(m)) return "file";
  if (S_ISDIR(m)) return "dir";
  if (S_ISLNK(m)) return "symlink";
  if (S_ISCHR(m)) return "chardev";
  if (S_ISBLK(m)) return "blockdev";
  if (S_ISSOCK(m)) return "socket";
  return "unknown";
}

int main(int argc, char **argv) {
  int failed = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: %s PATH...\n", argv[0]);
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (lstat(argv[i], &st) != 0) {
      printf("%s: error: %s\n", argv[i], strerror(errno));
      failed = 1;
      continue;
    }
    printf("%s: %s, %lld bytes, %llu link(s), mtime %lld.%09ld\n", argv[i],
           type_name(st.st_mode), (long long)st.st_size,
           (unsigned long long)st.st_nlink, (long long)st.st_mtim.tv_sec,
           st.st_mtim.tv_nsec);
  }
  return failed;
}
