// Forced into SQLite's shell.c (-include) for Debian's wasi-libc, which has
// no chmod or realpath; sqlite_wasi.c answers ENOSYS for both. The shell's
// fileio extension is the only user, and the benchmark's SQL does not call it.
#include <sys/types.h>
int chmod(const char *path, mode_t mode);
char *realpath(const char *restrict path, char *restrict resolved);
