// Creates 10,000 empty files in the directory argv[1], stats each, then
// deletes each (path_open + fd_close, path_filestat_get, path_unlink_file).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: files DIR [COUNT]\n");
    return 2;
  }
  int n = argc > 2 ? atoi(argv[2]) : 10000;
  char path[256];
  for (int i = 0; i < n; ++i) {
    snprintf(path, sizeof path, "%s/f%05d", argv[1], i);
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0 || close(fd) != 0)
      return 1;
  }
  long long links = 0;
  for (int i = 0; i < n; ++i) {
    snprintf(path, sizeof path, "%s/f%05d", argv[1], i);
    struct stat st;
    if (stat(path, &st) != 0)
      return 1;
    links += (long long)st.st_nlink;
  }
  for (int i = 0; i < n; ++i) {
    snprintf(path, sizeof path, "%s/f%05d", argv[1], i);
    if (unlink(path) != 0)
      return 1;
  }
  printf("%d files created, stat'ed (%lld links) and deleted\n", n, links);
  return 0;
}
