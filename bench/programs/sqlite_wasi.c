// See sqlite_wasi.h: the two calls the SQLite shell needs and WASI lacks.
#include <errno.h>
#include <stddef.h>
#include "sqlite_wasi.h"

int chmod(const char *path, mode_t mode) {
  (void)path, (void)mode;
  errno = ENOSYS;
  return -1;
}

char *realpath(const char *restrict path, char *restrict resolved) {
  (void)path, (void)resolved;
  errno = ENOSYS;
  return NULL;
}
