// list_dir: lists the directory argv[1] (fd_readdir) sorted by name, with
// each entry's type; regular files also get their size (path_filestat_get).
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *type_name(unsigned char t) {
  switch (t) {
  case DT_REG: return "file";
  case DT_DIR: return "dir";
  case DT_LNK: return "link";
  case DT_CHR: return "chardev";
  case DT_BLK: return "blockdev";
  case DT_FIFO: return "fifo/socket";
  default: return "unknown";
  }
}

static int not_dots(const struct dirent *e) {
  return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  struct dirent **entries;
  int n = scandir(dir, &entries, not_dots, alphasort);
  if (n < 0) {
    perror(dir);
    return 1;
  }
  printf("%s: %d entr%s\n", dir, n, n == 1 ? "y" : "ies");
  for (int i = 0; i < n; i++) {
    const struct dirent *e = entries[i];
    printf("  %-7s %s", type_name(e->d_type), e->d_name);
    if (e->d_type == DT_REG) {
      char path[4096];
      struct stat st;
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      if (stat(path, &st) == 0) printf(" (%lld bytes)", (long long)st.st_size);
    }
    printf("\n");
  }
  for (int i = 0; i < n; i++) free(entries[i]);
  free(entries);
  return 0;
}
