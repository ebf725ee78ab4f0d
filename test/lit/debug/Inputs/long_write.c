// One write of a LEN-byte line (letters, then a newline), with byte AT
// changed to '#' when AT is defined: builds that diverge from a recording
// of the plain one inside or after the bytes a trace keeps of a write.
#include <unistd.h>

#ifndef LEN
#define LEN 200
#endif

int main(void) {
  char line[LEN];
  for (int i = 0; i < LEN - 1; ++i)
    line[i] = (char)('a' + i % 26);
  line[LEN - 1] = '\n';
#ifdef AT
  line[AT] = '#';
#endif
  write(1, line, LEN);
  return 0;
}
