// exit_code: prints a line and exits with status 3 (or argv[1]), which ends
// in proc_exit with a non-zero code after stdout is flushed.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int code = argc > 1 ? atoi(argv[1]) : 3;
  printf("exiting with status %d\n", code);
  exit(code);
}
