// print_args: prints argc and every argument (args_sizes_get + args_get).
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("argc = %d\n", argc);
  for (int i = 0; i < argc; i++)
    printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  return 0;
}
