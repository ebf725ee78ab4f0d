// A compute-heavy run with a handful of WASI calls: sorting, a hash table,
// an n-body simulation and string formatting, about a second on Node.
// Its memory grows as it allocates (recorded as memory.grow events).
// argv[1] scales the work (default 1).
//
// The kernels are functions called many times, as in most programs: V8
// cannot move a running call from its baseline compiler (Liftoff) to its
// optimizing one, so a loop that runs once inside one long call would
// measure Liftoff's code (see docs/performance.md).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static int cmp(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static uint64_t sorting(size_t n) {
  uint32_t *v = malloc(n * sizeof *v);
  for (size_t i = 0; i < n; ++i)
    v[i] = (uint32_t)next();
  qsort(v, n, sizeof *v, cmp);
  uint64_t h = 0;
  for (size_t i = 0; i < n; i += 997)
    h = h * 31 + v[i];
  free(v);
  return h;
}

// Open addressing with linear probing; keys are never 0.
struct table {
  uint64_t *keys;
  uint32_t *vals;
  size_t mask;
};

static __attribute__((noinline)) size_t slot(const struct table *t, uint64_t k) {
  size_t s = (size_t)(k * 0x9E3779B97F4A7C15ull >> 40) & t->mask;
  while (t->keys[s] && t->keys[s] != k)
    s = (s + 1) & t->mask;
  return s;
}

static uint64_t hashing(size_t n) {
  size_t cap = 1;
  while (cap < 2 * n)
    cap <<= 1;
  struct table t = {calloc(cap, sizeof(uint64_t)), calloc(cap, sizeof(uint32_t)),
                    cap - 1};
  uint64_t first = rng;
  for (size_t i = 0; i < n; ++i) {
    uint64_t k = next() | 1;
    size_t s = slot(&t, k);
    t.keys[s] = k;
    t.vals[s] += (uint32_t)i;
  }
  // Half the lookups find a key (the same sequence again), half miss.
  rng = first;
  uint64_t found = 0;
  for (size_t i = 0; i < 2 * n; ++i) {
    uint64_t k = next() | 1;
    size_t s = slot(&t, k);
    found += t.keys[s] == k ? t.vals[s] : 1;
  }
  free(t.keys);
  free(t.vals);
  return found;
}

struct body {
  double x, y, z, vx, vy, vz, m;
};

static __attribute__((noinline)) void advance(struct body *b, double dt) {
  for (int i = 0; i < 5; ++i)
    for (int j = i + 1; j < 5; ++j) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * sqrt(d2));
      b[i].vx -= dx * b[j].m * mag;
      b[i].vy -= dy * b[j].m * mag;
      b[i].vz -= dz * b[j].m * mag;
      b[j].vx += dx * b[i].m * mag;
      b[j].vy += dy * b[i].m * mag;
      b[j].vz += dz * b[i].m * mag;
    }
  for (int i = 0; i < 5; ++i) {
    b[i].x += dt * b[i].vx;
    b[i].y += dt * b[i].vy;
    b[i].z += dt * b[i].vz;
  }
}

static double nbody(int steps) {
  struct body b[5] = {
      {0, 0, 0, 0, 0, 0, 39.47841760435743},
      {4.84, -1.16, -0.10, 0.606, 2.81, -0.02, 0.037},
      {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011},
      {12.89, -15.11, -0.22, 1.08, 0.868, -0.01, 0.0017},
      {15.37, -25.91, 0.17, 0.979, 0.594, -0.034, 0.002},
  };
  for (int s = 0; s < steps; ++s)
    advance(b, 0.01);
  return b[0].x + b[1].y + b[2].z;
}

static __attribute__((noinline)) uint64_t fnv(const char *p, int len, uint64_t h) {
  for (int k = 0; k < len; ++k)
    h = (h ^ (uint8_t)p[k]) * 1099511628211ull;
  return h;
}

static uint64_t strings(int n) {
  char buf[128];
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < n; ++i) {
    int len = snprintf(buf, sizeof buf, "item %d: %08x %.3f", i,
                       (unsigned)next(), (double)i / 7.0);
    h = fnv(buf, len, h);
  }
  return h;
}

int main(int argc, char **argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  uint64_t a = 0, b = 0, d = 0;
  double c = 0;
  for (int r = 0; r < scale; ++r) {
    a += sorting(1500000);
    b += hashing(1000000);
    c += nbody(2000000);
    d += strings(300000);
  }
  printf("sort %llu\nhash %llu\nnbody %.9f\nstrings %llu\n",
         (unsigned long long)a, (unsigned long long)b, c,
         (unsigned long long)d);
  return 0;
}
