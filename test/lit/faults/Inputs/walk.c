// Walks every directory the program was granted (its preopens, here "/"),
// looking for anything of wrr's (traces, .wrr-* scratch, wrr-* private
// directories), and tries to overwrite each file it finds:
//   walk ROOT     prints "FOUND PATH" (and "OVERWROTE PATH") per find, then
//                 the number of entries seen and of finds
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static long seen, found;

static void walk(const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (!d || depth > 12) {
    if (d) closedir(d);
    return;
  }
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
    ++seen;
    struct stat st;
    if (lstat(path, &st) != 0) continue;
    if (strstr(e->d_name, "wrr")) {
      ++found;
      printf("FOUND %s\n", path);
      if (S_ISREG(st.st_mode)) {
        FILE *f = fopen(path, "r+");
        if (f && fputs("overwritten", f) >= 0 && fclose(f) == 0) printf("OVERWROTE %s\n", path);
      }
    }
    if (S_ISDIR(st.st_mode)) walk(path, depth + 1);
  }
  closedir(d);
}

int main(int argc, char **argv) {
  walk(argc > 1 ? argv[1] : "/", 0);
  printf("entries %ld, wrr's files found %ld\n", seen, found);
  return 0;
}
