// Makes one WASI call (an empty write) and exits: the fixed cost of a run
// (Node's start-up, compiling the module, and for wrr opening the trace).
// Without a WASI import wrr-instrument would leave the module unchanged.
#include <unistd.h>

int main(void) { return write(1, "", 0) != 0; }
