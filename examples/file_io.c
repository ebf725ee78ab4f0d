// file_io: reads argv[1] (path_open + fd_read), counts bytes/lines/words,
// computes an FNV-1a checksum, writes the result to argv[2] (path_open with
// O_CREAT|O_TRUNC + fd_write) and prints a summary.
// Run with a preopened directory, e.g. file_io /d/input.txt /d/result.txt
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s INPUT OUTPUT\n", argv[0]);
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in) {
    perror(argv[1]);
    return 1;
  }
  uint32_t hash = 2166136261u; // FNV-1a, 32 bit
  unsigned long long bytes = 0, lines = 0, words = 0;
  int in_word = 0;
  unsigned char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    for (size_t i = 0; i < n; i++) {
      hash = (hash ^ buf[i]) * 16777619u;
      if (buf[i] == '\n') lines++;
      if (isspace(buf[i])) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        words++;
      }
    }
    bytes += n;
  }
  int read_error = ferror(in);
  fclose(in);
  if (read_error) {
    fprintf(stderr, "%s: read error\n", argv[1]);
    return 1;
  }

  FILE *out = fopen(argv[2], "w");
  if (!out) {
    perror(argv[2]);
    return 1;
  }
  fprintf(out, "input: %s\nbytes: %llu\nlines: %llu\nwords: %llu\nfnv1a: %08x\n",
          argv[1], bytes, lines, words, hash);
  if (fclose(out) != 0) {
    perror(argv[2]);
    return 1;
  }
  printf("%s: %llu bytes, %llu lines, %llu words, fnv1a %08x -> %s\n", argv[1],
         bytes, lines, words, hash, argv[2]);
  return 0;
}
