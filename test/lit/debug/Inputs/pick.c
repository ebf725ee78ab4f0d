// The program of README's worked debugging example (worked-example.test):
// it says who brings the coffee today, a name from stdin drawn at random.
// It has a bug that shows now and then. The "rebuild with a debugging
// print" of the example is -DPRINTS.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  static char *names[64];
  char line[128];
  unsigned n = 0;
  while (n < 64 && fgets(line, sizeof line, stdin))
    names[n++] = strdup(line);
  if (n == 0)
    return 1;
  printf("%u names in the hat\n", n);
  fflush(stdout);
  unsigned char r;
  getentropy(&r, 1);
  unsigned i = r % n + 1;
#ifdef PRINTS
  fprintf(stderr, "debug: r=%u n=%u i=%u\n", r, n, i);
#endif
  printf("and the winner is...\n");
  fflush(stdout);
  char *name = names[i];
  name[strlen(name) - 1] = '\0';  // drop the newline
  printf("%s!\n", name);
  return 0;
}
