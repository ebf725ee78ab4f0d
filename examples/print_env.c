// print_env: prints the environment (environ_sizes_get + environ_get),
// sorted by name, then looks up HOME with getenv().
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int compare(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  size_t n = 0;
  while (environ && environ[n]) n++;

  char **sorted = malloc((n + 1) * sizeof *sorted);
  if (!sorted) return 1;
  for (size_t i = 0; i < n; i++) sorted[i] = environ[i];
  qsort(sorted, n, sizeof *sorted, compare);

  printf("%zu environment variable(s)\n", n);
  for (size_t i = 0; i < n; i++) printf("  %s\n", sorted[i]);

  const char *home = getenv("HOME");
  printf("HOME is %s\n", home ? home : "(unset)");
  free(sorted);
  return 0;
}
