// Reads a name from a file in the granted directory and greets it. Built
// again with -D to make the programs that diverge from a recording of it:
// another greeting text (WHO), another path (INPUT), another fd (OUT).
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef WHO
#define WHO ""
#endif
#ifndef INPUT
#define INPUT "d/in.txt"
#endif
#ifndef OUT
#define OUT 1
#endif

int main(void) {
  char name[64] = "";
  int fd = open(INPUT, O_RDONLY);
  if (fd >= 0) {
    ssize_t n = read(fd, name, sizeof name - 1);
    name[n > 0 ? n : 0] = 0;
    close(fd);
  }
  name[strcspn(name, "\n")] = 0;
  char line[128];
  int len = snprintf(line, sizeof line, "Hello, %s\n", WHO[0] ? WHO : name);
  write(OUT, line, (size_t)len);
  return 0;
}
