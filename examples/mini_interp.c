// mini_interp: a small Forth-like stack language. It reads a script file
// (argv[1], path_open + fd_read), compiles it to a flat instruction array and
// runs it. Built-in words reach WASI too:
//   time   ( -- s )      realtime clock, seconds since the epoch (clock_time_get)
//   clock  ( -- us )     monotonic clock in microseconds (clock_time_get)
//   rand   ( -- u )      32 random bits (arc4random -> random_get)
//   random ( n -- r )    uniform in 0..n-1 (arc4random_uniform)
//   sleep  ( ms -- )     nanosleep (poll_oneoff with a clock subscription)
//
// The language, in short (see examples/mini_interp/*.mi):
//   42 -7            push numbers (64-bit)
//   + - * / mod negate abs min max        arithmetic
//   = <> < > <= >= 0= and or not          comparisons give -1 (true) or 0
//   dup drop swap over rot nip depth      stack shuffling
//   . emit cr ." text"                    output
//   variable x   array buf 100            cells; x and buf push an address
//   @ ! +!                                fetch, store, add to a cell
//   : name ... ;                          define a word (recursion works)
//   if ... else ... then                  conditionals
//   begin ... until   begin ... while ... repeat   loops
//   limit start do ... loop   with i and j (skipped when start >= limit)
//   \ comment to end of line    ( comment )
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef long long cell;

enum op { OP_END, OP_PUSH, OP_PRIM, OP_CALL, OP_RET, OP_JMP, OP_JZ, OP_DO,
          OP_LOOP, OP_STR };

struct insn {
  enum op op;
  cell arg;
  int line;
};

enum prim {
  P_ADD, P_SUB, P_MUL, P_DIV, P_MOD, P_NEGATE, P_ABS, P_MIN, P_MAX,
  P_EQ, P_NE, P_LT, P_GT, P_LE, P_GE, P_ZEROEQ, P_AND, P_OR, P_NOT,
  P_DUP, P_DROP, P_SWAP, P_OVER, P_ROT, P_NIP, P_DEPTH,
  P_DOT, P_EMIT, P_CR, P_FETCH, P_STORE, P_ADDSTORE, P_I, P_J,
  P_TIME, P_CLOCK, P_RAND, P_RANDOM, P_SLEEP,
};

static const struct { const char *name; enum prim id; } prims[] = {
  {"+", P_ADD}, {"-", P_SUB}, {"*", P_MUL}, {"/", P_DIV}, {"mod", P_MOD},
  {"negate", P_NEGATE}, {"abs", P_ABS}, {"min", P_MIN}, {"max", P_MAX},
  {"=", P_EQ}, {"<>", P_NE}, {"<", P_LT}, {">", P_GT}, {"<=", P_LE},
  {">=", P_GE}, {"0=", P_ZEROEQ}, {"and", P_AND}, {"or", P_OR},
  {"not", P_NOT}, {"dup", P_DUP}, {"drop", P_DROP}, {"swap", P_SWAP},
  {"over", P_OVER}, {"rot", P_ROT}, {"nip", P_NIP}, {"depth", P_DEPTH},
  {".", P_DOT}, {"emit", P_EMIT}, {"cr", P_CR}, {"@", P_FETCH},
  {"!", P_STORE}, {"+!", P_ADDSTORE}, {"i", P_I}, {"j", P_J},
  {"time", P_TIME}, {"clock", P_CLOCK}, {"rand", P_RAND},
  {"random", P_RANDOM}, {"sleep", P_SLEEP},
};

// User-defined names: words (code addresses) and variables (cell addresses).
enum kind { K_WORD, K_VAR };
struct word {
  char name[32];
  enum kind kind;
  cell value;
};

#define MAX_CODE 16384
#define MAX_WORDS 512
#define MAX_STRINGS 1024
#define MEM_CELLS 65536
#define STACK 256
#define RSTACK 256
#define LSTACK 64
#define CSTACK 64

static struct insn code[MAX_CODE];
static int ncode;
static struct word words[MAX_WORDS];
static int nwords;
static char *strings[MAX_STRINGS];
static int nstrings;
static cell mem[MEM_CELLS];
static int nmem;

static const char *script_name;
static int cur_line;

static void die(const char *what, const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fprintf(stderr, "%s:%d: %s: ", script_name, cur_line, what);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(2);
}

// ---------------------------------------------------------------- tokenizer

static const char *src;
static size_t src_len, src_pos;
static int src_line = 1;

static int is_space(char c) { return isspace((unsigned char)c); }

static void skip_until(char end) {
  while (src_pos < src_len && src[src_pos] != end) {
    if (src[src_pos] == '\n') src_line++;
    src_pos++;
  }
}

// Reads the next whitespace-delimited token into buf; returns 0 at the end.
static int next_token(char *buf, size_t cap) {
  for (;;) {
    while (src_pos < src_len && is_space(src[src_pos])) {
      if (src[src_pos] == '\n') src_line++;
      src_pos++;
    }
    if (src_pos >= src_len) return 0;
    int alone = src_pos + 1 >= src_len || is_space(src[src_pos + 1]);
    if (src[src_pos] == '\\' && alone) {
      skip_until('\n');
    } else if (src[src_pos] == '(' && alone) {
      skip_until(')');
      if (src_pos < src_len) src_pos++;
    } else {
      break;
    }
  }
  cur_line = src_line;
  size_t n = 0;
  while (src_pos < src_len && !is_space(src[src_pos])) {
    if (n + 1 >= cap) die("error", "token too long");
    buf[n++] = src[src_pos++];
  }
  buf[n] = '\0';
  return 1;
}

// After .": one separating space, then everything up to the closing quote.
static char *read_string(void) {
  if (src_pos < src_len && is_space(src[src_pos])) {
    if (src[src_pos] == '\n') src_line++;
    src_pos++;
  }
  size_t start = src_pos;
  skip_until('"');
  if (src_pos >= src_len) die("error", "unterminated .\" string");
  size_t n = src_pos - start;
  src_pos++;
  char *s = malloc(n + 1);
  if (!s) die("error", "out of memory");
  memcpy(s, src + start, n);
  s[n] = '\0';
  return s;
}

// ----------------------------------------------------------------- compiler

static int emit(enum op op, cell arg) {
  if (ncode >= MAX_CODE) die("error", "program too large");
  code[ncode] = (struct insn){op, arg, cur_line};
  return ncode++;
}

static struct word *find_word(const char *name) {
  for (int i = nwords - 1; i >= 0; i--)
    if (strcmp(words[i].name, name) == 0) return &words[i];
  return NULL;
}

static int find_prim(const char *name) {
  for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
    if (strcmp(prims[i].name, name) == 0) return (int)prims[i].id;
  return -1;
}

static void define(const char *name, enum kind kind, cell value) {
  if (nwords >= MAX_WORDS) die("error", "too many definitions");
  if (strlen(name) >= sizeof words[0].name) die("error", "name too long: %s", name);
  struct word *w = &words[nwords++];
  strcpy(w->name, name);
  w->kind = kind;
  w->value = value;
}

static int parse_number(const char *tok, cell *out) {
  char *end;
  errno = 0;
  long long v = strtoll(tok, &end, 10);
  if (errno != 0 || end == tok || *end != '\0') return 0;
  *out = v;
  return 1;
}

// Control-flow structures still open while compiling.
enum ctl { C_IF, C_ELSE, C_BEGIN, C_WHILE, C_DO, C_DEF };
static struct { enum ctl kind; int addr; int begin; int line; } ctl[CSTACK];
static int nctl;

static void ctl_push(enum ctl kind, int addr, int begin) {
  if (nctl >= CSTACK) die("error", "control structures nested too deeply");
  ctl[nctl].kind = kind;
  ctl[nctl].addr = addr;
  ctl[nctl].begin = begin;
  ctl[nctl].line = cur_line;
  nctl++;
}

static int ctl_pop(enum ctl a, enum ctl b, const char *word) {
  if (nctl == 0 || (ctl[nctl - 1].kind != a && ctl[nctl - 1].kind != b))
    die("error", "unmatched '%s'", word);
  return --nctl;
}

static void compile(void) {
  char tok[256];
  char name[256];
  while (next_token(tok, sizeof tok)) {
    cell n;
    int k;
    struct word *w;
    if (strcmp(tok, ":") == 0) {
      if (!next_token(name, sizeof name)) die("error", "':' needs a name");
      int skip = emit(OP_JMP, 0); // top-level code jumps over the body
      define(name, K_WORD, ncode);
      ctl_push(C_DEF, skip, 0);
    } else if (strcmp(tok, ";") == 0) {
      k = ctl_pop(C_DEF, C_DEF, ";");
      emit(OP_RET, 0);
      code[ctl[k].addr].arg = ncode;
    } else if (strcmp(tok, "variable") == 0 || strcmp(tok, "array") == 0) {
      cell size = 1;
      if (!next_token(name, sizeof name)) die("error", "'%s' needs a name", tok);
      if (tok[0] == 'a') {
        char num[64];
        if (!next_token(num, sizeof num) || !parse_number(num, &size) || size < 1)
          die("error", "'array %s' needs a positive size", name);
      }
      if (size > MEM_CELLS - nmem) die("error", "out of cell memory");
      define(name, K_VAR, nmem);
      nmem += (int)size;
    } else if (strcmp(tok, ".\"") == 0) {
      if (nstrings >= MAX_STRINGS) die("error", "too many strings");
      strings[nstrings] = read_string();
      emit(OP_STR, nstrings++);
    } else if (strcmp(tok, "if") == 0) {
      ctl_push(C_IF, emit(OP_JZ, 0), 0);
    } else if (strcmp(tok, "else") == 0) {
      k = ctl_pop(C_IF, C_IF, "else");
      int jump = emit(OP_JMP, 0);
      code[ctl[k].addr].arg = ncode;
      ctl_push(C_ELSE, jump, 0);
    } else if (strcmp(tok, "then") == 0) {
      k = ctl_pop(C_IF, C_ELSE, "then");
      code[ctl[k].addr].arg = ncode;
    } else if (strcmp(tok, "begin") == 0) {
      ctl_push(C_BEGIN, ncode, ncode);
    } else if (strcmp(tok, "until") == 0) {
      k = ctl_pop(C_BEGIN, C_BEGIN, "until");
      emit(OP_JZ, ctl[k].begin);
    } else if (strcmp(tok, "while") == 0) {
      k = ctl_pop(C_BEGIN, C_BEGIN, "while");
      int begin = ctl[k].begin;
      ctl_push(C_WHILE, emit(OP_JZ, 0), begin);
    } else if (strcmp(tok, "repeat") == 0) {
      k = ctl_pop(C_WHILE, C_WHILE, "repeat");
      emit(OP_JMP, ctl[k].begin);
      code[ctl[k].addr].arg = ncode;
    } else if (strcmp(tok, "do") == 0) {
      int at = emit(OP_DO, 0);
      ctl_push(C_DO, at, at + 1);
    } else if (strcmp(tok, "loop") == 0) {
      k = ctl_pop(C_DO, C_DO, "loop");
      emit(OP_LOOP, ctl[k].begin);
      code[ctl[k].addr].arg = ncode; // where an empty loop goes
    } else if ((w = find_word(tok)) != NULL) {
      emit(w->kind == K_WORD ? OP_CALL : OP_PUSH, w->value);
    } else if ((k = find_prim(tok)) >= 0) {
      emit(OP_PRIM, k);
    } else if (parse_number(tok, &n)) {
      emit(OP_PUSH, n);
    } else {
      die("error", "unknown word '%s'", tok);
    }
  }
  if (nctl > 0) {
    cur_line = ctl[nctl - 1].line;
    die("error", "unclosed control structure or definition");
  }
  emit(OP_END, 0);
}

// ------------------------------------------------------------------ runtime

static cell stack[STACK];
static int sp;
static int rstack[RSTACK];
static int rsp;
static struct { cell index, limit; } lstack[LSTACK];
static int lsp;

static void push(cell v) {
  if (sp >= STACK) die("runtime error", "stack overflow");
  stack[sp++] = v;
}

static cell pop(void) {
  if (sp <= 0) die("runtime error", "stack underflow");
  return stack[--sp];
}

static cell *cell_at(cell addr) {
  if (addr < 0 || addr >= nmem) die("runtime error", "bad address %lld", addr);
  return &mem[addr];
}

static cell flag(int b) { return b ? -1 : 0; }

static cell monotonic_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (cell)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void primitive(enum prim p) {
  cell a, b, c;
  switch (p) {
  case P_ADD: b = pop(); a = pop(); push(a + b); break;
  case P_SUB: b = pop(); a = pop(); push(a - b); break;
  case P_MUL: b = pop(); a = pop(); push(a * b); break;
  case P_DIV:
  case P_MOD:
    b = pop(); a = pop();
    if (b == 0) die("runtime error", "division by zero");
    push(p == P_DIV ? a / b : a % b);
    break;
  case P_NEGATE: push(-pop()); break;
  case P_ABS: a = pop(); push(a < 0 ? -a : a); break;
  case P_MIN: b = pop(); a = pop(); push(a < b ? a : b); break;
  case P_MAX: b = pop(); a = pop(); push(a > b ? a : b); break;
  case P_EQ: b = pop(); a = pop(); push(flag(a == b)); break;
  case P_NE: b = pop(); a = pop(); push(flag(a != b)); break;
  case P_LT: b = pop(); a = pop(); push(flag(a < b)); break;
  case P_GT: b = pop(); a = pop(); push(flag(a > b)); break;
  case P_LE: b = pop(); a = pop(); push(flag(a <= b)); break;
  case P_GE: b = pop(); a = pop(); push(flag(a >= b)); break;
  case P_ZEROEQ: push(flag(pop() == 0)); break;
  case P_AND: b = pop(); a = pop(); push(a & b); break;
  case P_OR: b = pop(); a = pop(); push(a | b); break;
  case P_NOT: push(~pop()); break;
  case P_DUP: a = pop(); push(a); push(a); break;
  case P_DROP: pop(); break;
  case P_SWAP: b = pop(); a = pop(); push(b); push(a); break;
  case P_OVER: b = pop(); a = pop(); push(a); push(b); push(a); break;
  case P_ROT: c = pop(); b = pop(); a = pop(); push(b); push(c); push(a); break;
  case P_NIP: b = pop(); pop(); push(b); break;
  case P_DEPTH: push(sp); break;
  case P_DOT: printf("%lld ", pop()); break;
  case P_EMIT: putchar((int)(pop() & 0xff)); break;
  case P_CR: putchar('\n'); break;
  case P_FETCH: push(*cell_at(pop())); break;
  case P_STORE: a = pop(); b = pop(); *cell_at(a) = b; break;
  case P_ADDSTORE: a = pop(); b = pop(); *cell_at(a) += b; break;
  case P_I:
  case P_J: {
    int depth = p == P_I ? 1 : 2;
    if (lsp < depth) die("runtime error", "'%s' outside of a loop", p == P_I ? "i" : "j");
    push(lstack[lsp - depth].index);
    break;
  }
  case P_TIME: {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    push((cell)ts.tv_sec);
    break;
  }
  case P_CLOCK: push(monotonic_us()); break;
  case P_RAND: push((cell)arc4random()); break;
  case P_RANDOM:
    a = pop();
    if (a <= 0 || a > 0xffffffffLL) die("runtime error", "bad range %lld", a);
    push((cell)arc4random_uniform((unsigned)a));
    break;
  case P_SLEEP: {
    a = pop();
    if (a < 0) a = 0;
    struct timespec req = {(time_t)(a / 1000), (long)(a % 1000) * 1000000L};
    nanosleep(&req, NULL);
    break;
  }
  }
}

static void run(void) {
  int pc = 0;
  for (;;) {
    const struct insn *in = &code[pc++];
    cur_line = in->line;
    switch (in->op) {
    case OP_END: return;
    case OP_PUSH: push(in->arg); break;
    case OP_PRIM: primitive((enum prim)in->arg); break;
    case OP_STR: fputs(strings[in->arg], stdout); break;
    case OP_CALL:
      if (rsp >= RSTACK) die("runtime error", "return stack overflow");
      rstack[rsp++] = pc;
      pc = (int)in->arg;
      break;
    case OP_RET: pc = rstack[--rsp]; break;
    case OP_JMP: pc = (int)in->arg; break;
    case OP_JZ: if (pop() == 0) pc = (int)in->arg; break;
    case OP_DO: {
      cell start = pop(), limit = pop();
      if (start >= limit) {
        pc = (int)in->arg;
        break;
      }
      if (lsp >= LSTACK) die("runtime error", "loops nested too deeply");
      lstack[lsp].index = start;
      lstack[lsp].limit = limit;
      lsp++;
      break;
    }
    case OP_LOOP:
      if (++lstack[lsp - 1].index < lstack[lsp - 1].limit) pc = (int)in->arg;
      else lsp--;
      break;
    }
  }
}

// --------------------------------------------------------------------- main

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *bigger = realloc(buf, cap *= 2);
      if (!bigger) free(buf);
      buf = bigger;
    }
  }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s SCRIPT\n", argv[0]);
    return 2;
  }
  script_name = argv[1];
  char *text = read_file(script_name, &src_len);
  if (!text) {
    perror(script_name);
    return 1;
  }
  src = text;
  compile();
  run();
  if (sp != 0) fprintf(stderr, "%s: %d value(s) left on the stack\n", script_name, sp);
  free(text);
  return 0;
}
