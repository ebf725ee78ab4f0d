// print_random: random bytes from getentropy() and numbers from arc4random(),
// both of which end in WASI's random_get.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  unsigned char bytes[16];
  if (getentropy(bytes, sizeof bytes) != 0) {
    perror("getentropy");
    return 1;
  }
  printf("getentropy:");
  for (size_t i = 0; i < sizeof bytes; i++) printf(" %02x", bytes[i]);
  printf("\n");

  for (int i = 0; i < 3; i++) printf("arc4random: %u\n", arc4random());

  printf("dice:");
  for (int i = 0; i < 5; i++) printf(" %u", 1 + arc4random_uniform(6));
  printf("\n");
  return 0;
}
