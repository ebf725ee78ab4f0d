#!/usr/bin/env python3
"""Regenerate the FileCheck lines of wrr's lit tests from the tools' output.

    scripts/update-lit-checks.py --build-dir build test/lit
    scripts/update-lit-checks.py --build-dir build test/lit/thunks/random.wat

For every test file, each RUN line is run the way lit runs it (in order, with
%s, %t, ... substituted, the build's tools and the LLVM tools CMake found,
as its lit.site.cfg.py says, first on PATH). For a RUN line that ends in `| FileCheck ... %s`, the
part before the pipe is run and its output becomes check lines for that
line's check prefix. What is checked is chosen by a header line in the test:

    ;; UPDATE: funcs=random_get,fd_write fields=memory,start

  funcs=a,b,...  the `(func $a` ... forms of the module the output prints
  names=a,b,...  the module fields of any kind named $a, $b, ... (globals,
                 imported functions)
  fields=k,...   every module field of these kinds (import, memory, export,
                 start, global, table, elem, data, type, func, tag)
  vary=REGEX     parts of the output this regular expression matches are
                 checked with it, not literally (e.g. a file offset that
                 moves whenever the runtime changes); it must mean the same
                 to Python and to FileCheck: [0-9a-f]{7}: (no \\d, {{, }})
  (none)         the whole output, line by line (error messages, --help)

`;; UPDATE(PREFIX): ...` applies to the RUN line with that check prefix only.

Modules are best printed folded and named, with the imports inline:
`wasm2wat --fold-exprs --inline-imports` of a module whose input had a name
section (`wat2wasm --debug-names`). Each selected function is checked whole:
its first line with PREFIX-LABEL:, the rest with PREFIX-NEXT:. Other forms
(memory, globals, exports, start) start with PREFIX:, and forms on adjacent
lines are checked as one run with PREFIX-NEXT: (PREFIX-EMPTY: for an empty
line). Use FileCheck --match-full-lines so that every line is checked whole.

As in Binaryen's scripts/update_lit_checks.py, the checks of a form go just
before the form of the test's own module that it comes from: a function's
beside the function, a thunk's beside the import it replaces, the memory's
beside the memory. Forms without one (runtime functions and globals, the
exports) and the output of RUN lines that do not read the test's module
(%inputs/...) go to the end of the file, in output order.

Nothing that changes when an unrelated runtime type or function is added is
written literally: type indices `(type 7)` and the index comments of unnamed
fields `(func (;12;)` become {{[0-9]+}}, as do the parts vary= names; a
checked line that calls a function by index gets a warning (give the input a
name section). FileCheck's {{ and [[ in the output are escaped, and absolute
paths of the build directory and of the test's temporary files become {{.*}}.
Tests with no RUN line into FileCheck (e.g. only `cmp`) are skipped.

Arguments may be files, directories (searched for .wat and .test files,
skipping Inputs/) or globs; a quoted 'test/lit/**/*.wat' is expanded here,
recursively, when the shell has no globstar.

A test with generated checks starts with the NOTE line that says so and how
to regenerate them. Never edit them by hand: change the test or the tools and
run this script again; it removes the previous check lines of the test's
prefixes (and its NOTE line, or the NOTE block at the end that earlier
versions wrote) and writes them again. A test that already has check lines
but no NOTE line is written by hand and skipped.
"""

import argparse
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Line comment markers by test file extension.
COMMENTS = {".wat": ";;", ".wast": ";;", ".test": "#", ".ll": ";", ".c": "//"}

# Directives that are not check lines, so never part of a generated block.
LIT_KEYWORDS = {"RUN", "UPDATE", "NOTE", "REQUIRES", "UNSUPPORTED", "XFAIL",
                "ALLOW_RETRIES", "END"}


class Failure(Exception):
    pass


# ---------------------------------------------------------------------------
# Reading the test.

def comment_marker(path):
    return COMMENTS.get(os.path.splitext(path)[1], "#")


def run_lines(lines, marker):
    """The test's RUN commands, with `\\` continuations joined as lit does."""
    pattern = re.compile(r"^\s*" + re.escape(marker) + r"\s*RUN:(.*)$")
    commands, pending = [], None
    for line in lines:
        m = pattern.match(line)
        if not m:
            if pending is not None:
                raise Failure("RUN line ends in '\\' but no RUN line follows")
            continue
        text = m.group(1).rstrip()
        if pending is not None:
            text = pending + text
            pending = None
        if text.endswith("\\"):
            pending = text[:-1]
            continue
        commands.append(text.strip())
    if pending is not None:
        raise Failure("the last RUN line ends in '\\'")
    return commands


def update_options(lines, marker):
    """{prefix or None: {"funcs": [...], "names": [...], "fields": [...],
    "vary": [...]}}."""
    pattern = re.compile(r"^\s*" + re.escape(marker) +
                         r"\s*UPDATE(?:\(([\w-]+)\))?:(.*)$")
    options = {}
    for line in lines:
        m = pattern.match(line)
        if not m:
            continue
        opts = {"funcs": [], "names": [], "fields": [], "vary": []}
        for word in m.group(2).split():
            key, eq, value = word.partition("=")
            if not eq or key not in opts:
                raise Failure("unknown UPDATE option '%s' (expected funcs=..., "
                              "names=..., fields=... or vary=...)" % word)
            if key == "vary":
                try:
                    re.compile(value)
                except re.error as e:
                    raise Failure("UPDATE vary=%s: %s" % (value, e))
                if "{{" in value or "}}" in value:
                    raise Failure("UPDATE vary=%s: a regular expression may "
                                  "not hold {{ or }}" % value)
                opts[key].append(value)
                continue
            opts[key] += [v.lstrip("$") for v in value.split(",") if v]
        if m.group(1) in options:
            raise Failure("two UPDATE lines for the same prefix")
        options[m.group(1)] = opts
    return options


FILECHECK = re.compile(r"\|\s*FileCheck(?:\s+(.*))?$")


def split_filecheck(command):
    """(producer, check prefix) if the command pipes into FileCheck."""
    m = None
    for m in FILECHECK.finditer(command):
        pass
    if m is None:
        return None
    args = shlex.split(m.group(1) or "")
    prefixes = ["CHECK"]
    for i, arg in enumerate(args):
        value = None
        for flag in ("--check-prefix", "-check-prefix", "--check-prefixes",
                     "-check-prefixes"):
            if arg == flag and i + 1 < len(args):
                value = args[i + 1]
            elif arg.startswith(flag + "="):
                value = arg[len(flag) + 1:]
        if value is not None:
            prefixes = value.split(",")
    if len(prefixes) != 1:
        raise Failure("a RUN line checks several prefixes (%s); give each RUN "
                      "line one prefix" % ",".join(prefixes))
    return command[:m.start()].rstrip(), prefixes[0]


# ---------------------------------------------------------------------------
# Running it.

def site_config(build_dir):
    """Values from the build's lit.site.cfg.py, if it has been configured."""
    values = {}
    path = os.path.join(build_dir, "test", "lit", "lit.site.cfg.py")
    if os.path.exists(path):
        with open(path) as f:
            for m in re.finditer(r'^config\.(\w+)\s*=\s*"(.*)"\s*$', f.read(),
                                 re.M):
                values[m.group(1)] = m.group(2)
    return values


class Runner:
    def __init__(self, build_dir):
        self.build_dir = os.path.abspath(build_dir)
        bin_dir = os.path.join(self.build_dir, "bin")
        if not os.path.exists(os.path.join(bin_dir, "wrr-instrument")):
            raise Failure("no %s/wrr-instrument; build first or pass "
                          "--build-dir" % bin_dir)
        site = site_config(self.build_dir)
        if "llvm_tools_dir" not in site or "lit_dir" not in site:
            raise Failure("%s is not configured; run cmake first" %
                          self.build_dir)
        # Where LLVM's tools and lit are: CMake found them, once.
        self.llvm_tools_dir = site["llvm_tools_dir"]
        self.lit_dir = site["lit_dir"]
        self.env = dict(os.environ)
        self.env["PATH"] = os.pathsep.join(
            [bin_dir, self.llvm_tools_dir, self.env.get("PATH", "")])
        self.source_dir = site.get("wrr_source_dir") or SOURCE_ROOT
        self.site = site
        self.configs = {}

    def config_substitutions(self, suite_root):
        """{name: value} for the %name substitutions the suite's lit.cfg.py
        defines, evaluated the way lit would with this build's site values;
        {} if it cannot be evaluated here."""
        if suite_root in self.configs:
            return self.configs[suite_root]
        found = {}
        path = os.path.join(suite_root, "lit.cfg.py")
        if os.path.exists(path):
            class Config:
                pass
            config = Config()
            config.environment = {"PATH": os.environ.get("PATH", "")}
            config.substitutions = []
            config.wrr_build_dir = self.build_dir
            config.wrr_source_dir = self.source_dir
            config.llvm_tools_dir = self.llvm_tools_dir
            config.node = shutil.which("node") or "node"
            for key, value in self.site.items():
                setattr(config, key, value)
            if self.lit_dir not in sys.path:
                sys.path.append(self.lit_dir)  # lit.cfg.py imports lit.formats
            try:
                with open(path) as f:
                    code = compile(f.read(), path, "exec")
                # lit.cfg.py reads lit_config.params (--param suite=...).
                lit_config = type("LitConfig", (), {"params": {}})()
                exec(code, {"config": config, "__file__": path,
                            "lit_config": lit_config})
            except Exception as e:  # fall back to the built-in substitutions
                print("update-lit-checks: warning: cannot evaluate %s (%s); "
                      "only %%s, %%S, %%t, %%T, %%p are substituted" %
                      (path, e), file=sys.stderr)
                config.substitutions = []
            for key, value in config.substitutions:
                if re.fullmatch(r"%\w+", key):
                    found[key[1:]] = value
        self.configs[suite_root] = found
        return found

    def substitutions(self, test, tmp):
        test = os.path.abspath(test)
        test_dir = os.path.dirname(test)
        out_dir = os.path.join(tmp, "Output")
        os.makedirs(out_dir, exist_ok=True)
        subs = dict(self.config_substitutions(lit_root(test_dir)))
        subs.update({
            "%": "%",
            "s": test,
            "S": test_dir,
            "p": test_dir,
            "t": os.path.join(out_dir, os.path.basename(test) + ".tmp"),
            "T": out_dir,
        })
        return subs

    def run(self, test):
        """([(prefix, output, from_test)] of the test's FileCheck lines, paths
        to hide). from_test: the RUN line reads the test file (%s) or what
        earlier RUN lines made of it (%t...), not another input (%inputs)."""
        with open(test) as f:
            lines = f.read().split("\n")
        commands = run_lines(lines, comment_marker(test))
        if not commands:
            raise Failure("no RUN lines")
        results = []
        tmp = tempfile.mkdtemp(prefix="update-lit-checks.")
        try:
            subs = self.substitutions(test, tmp)
            names = sorted(subs, key=len, reverse=True)
            pattern = re.compile("%(" + "|".join(map(re.escape, names)) + ")")

            def substitute(text):
                return pattern.sub(lambda m: subs[m.group(1)], text)

            for command in commands:
                split = split_filecheck(command)
                shell = substitute(split[0] if split else command)
                proc = subprocess.run(
                    ["bash", "-o", "pipefail", "-c", shell], env=self.env,
                    cwd=tmp, stdin=subprocess.DEVNULL, capture_output=True,
                    text=True, errors="replace")
                if proc.returncode != 0:
                    raise Failure("RUN line failed (exit %d): %s\n%s" %
                                  (proc.returncode, shell,
                                   proc.stderr.rstrip()))
                if split:
                    from_test = (("%s" in command or "%t" in command) and
                                 "%inputs" not in command)
                    results.append((split[1], proc.stdout, from_test))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        hidden = [os.path.realpath(tmp), tmp, self.build_dir,
                  os.path.realpath(self.build_dir)]
        return results, hidden


def lit_root(directory):
    """The test suite's root: the nearest directory with a lit.cfg.py."""
    d = directory
    while True:
        if os.path.exists(os.path.join(d, "lit.cfg.py")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return directory
        d = parent


# ---------------------------------------------------------------------------
# Module fields, in the test's input and in the output.

# Field kinds that declare a $name; an import's name is its description's.
DECLARING = {"func", "global", "memory", "table", "type", "tag", "data",
             "elem"}
STRING = r'"(?:[^"\\]|\\.)*"'
NAME = r"\$[^\s()\"]+"
IMPORT = re.compile(r"\s*import\s+" + STRING + r"\s+" + STRING +
                    r"\s*\(\s*(\w+)(?:\s+(" + NAME + "))?")
EXPORT = re.compile(r"\s*export\s+(" + STRING + ")")


class Field:
    """One module field: `(kind ...)` on lines first..last of its text.

    key says which field of the other module (input or output) is the same
    one: the $name it declares (an imported function and the thunk that
    replaces it share one), an export's name, the start function, or an
    unnamed memory or table by position."""

    def __init__(self, inner, first, last):
        self.first, self.last = first, last
        m = re.match(r"\s*([\w.]+)", inner)
        self.kind = m.group(1) if m else ""
        self.name = None
        if self.kind in DECLARING:
            m = re.match(r"\s*[\w.]+\s+(" + NAME + ")", inner)
            self.name = m.group(1)[1:] if m else None
        desc = self.kind
        if self.kind == "import":
            m = IMPORT.match(inner)
            if m:
                desc = m.group(1)
                self.name = m.group(2)[1:] if m.group(2) else None
        # An imported memory printed inline, `(memory (import ...) ...)`, is
        # the same memory as `(import ... (memory ...))`.
        self.desc = desc
        self.key = None
        if self.name is not None:
            self.key = ("$", self.name)
        elif self.kind == "export":
            m = EXPORT.match(inner)
            self.key = ("export", m.group(1)) if m else None
        elif self.kind == "start":
            self.key = ("start",)

    @property
    def is_func(self):
        return self.kind == "func"


def module_fields(text):
    """[Field] of the module text's fields (depth-2 forms).

    Counts parentheses, skipping strings, `;;` line comments and `(; ;)`
    block comments, so both wasm2wat's flat text and folded text work."""
    fields = []
    depth, line, i, n = 0, 0, 0, len(text)
    start = None
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    i += 1
                elif text[i] == "\n":
                    line += 1
                i += 1
        elif text.startswith(";;", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("(;", i):
            nest = 0
            while i < n:
                if text.startswith("(;", i):
                    nest += 1
                    i += 2
                    continue
                if text.startswith(";)", i):
                    nest -= 1
                    i += 2
                    if nest == 0:
                        break
                    continue
                if text[i] == "\n":
                    line += 1
                i += 1
            continue
        elif c == "(":
            depth += 1
            if depth == 2:
                start = (i, line)
        elif c == ")":
            if depth == 2 and start is not None:
                fields.append(Field(text[start[0] + 1:i], start[1], line))
                start = None
            depth -= 1
        i += 1
    # Unnamed memories and tables are the same by position.
    count = {}
    for f in fields:
        if f.key is None and f.desc in ("memory", "table"):
            f.key = (f.desc, count.get(f.desc, 0))
            count[f.desc] = count.get(f.desc, 0) + 1
    return fields


# ---------------------------------------------------------------------------
# Choosing what to check.

class Group:
    """Output lines checked as one run: a function (CHECK-LABEL), or module
    fields on adjacent lines, or the whole output."""

    def __init__(self, lines, field=None):
        self.lines = lines
        self.key = field.key if field else None
        self.is_func = bool(field and field.is_func)
        self.last = field.last if field else None


def dedent(lines):
    if not lines:
        return lines
    indent = len(lines[0]) - len(lines[0].lstrip())
    out = []
    for line in lines:
        strip = min(indent, len(line) - len(line.lstrip()))
        out.append(line[strip:])
    return out


def selects(opts):
    return bool(opts and (opts["funcs"] or opts["names"] or opts["fields"]))


def select(output, opts, anchors):
    """The groups of output lines to check, in output order. Fields whose
    key is in `anchors` (the input has them) are groups of their own."""
    lines = [l.rstrip() for l in output.split("\n")]
    if not selects(opts):
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if not lines:
            raise Failure("the RUN line printed nothing to check")
        return [Group(lines)]
    groups, found = [], set()
    for f in module_fields(output):
        if not (f.kind in opts["fields"] or f.name in opts["names"] or
                (f.is_func and f.name in opts["funcs"])):
            continue
        found.add((f.kind, f.name))
        body = dedent(lines[f.first:f.last + 1])
        prev = groups[-1] if groups else None
        # Other fields on adjacent lines are checked as one run of lines.
        if (prev is not None and not prev.is_func and not f.is_func and
                prev.last + 1 == f.first and prev.key not in anchors and
                f.key not in anchors):
            prev.lines += body
            prev.last = f.last
            continue
        groups.append(Group(body, f))
    missing = ["func $" + f for f in opts["funcs"] if ("func", f) not in found]
    missing += ["$" + n for n in opts["names"]
                if not any(n == name for _, name in found)]
    if missing:
        raise Failure("the output has no %s" % ", ".join(missing))
    if not groups:
        raise Failure("the output has no fields of kind %s" %
                      ",".join(opts["fields"]))
    return groups


def place(groups, fields):
    """({input line: [group]}, [tail group]): each group that has a field of
    the same key in the input goes just before that field. The checks must
    stay in output order, so when the input has its fields in another order
    the groups placed are those of the longest (in lines) sequence that is
    in the same order in both. As in Binaryen's update_lit_checks.py, a
    group without a place goes with the next placed group; the rest goes to
    the end of the file."""
    keyed = [f for f in fields if f.key is not None]
    # Heaviest common subsequence of group keys and input field keys.
    n, m = len(groups), len(keyed)
    best = [[0] * (m + 1) for _ in range(n + 1)]

    def same(a, b):
        return groups[a].key is not None and groups[a].key == keyed[b].key

    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            best[a][b] = max(best[a + 1][b], best[a][b + 1])
            if same(a, b):
                best[a][b] = max(best[a][b], best[a + 1][b + 1] +
                                 len(groups[a].lines))
    at, a, b = {}, 0, 0
    while a < n and b < m:
        if same(a, b) and \
                best[a][b] == best[a + 1][b + 1] + len(groups[a].lines):
            at[a] = keyed[b].first
            a, b = a + 1, b + 1
        elif best[a + 1][b] >= best[a][b + 1]:
            a += 1
        else:
            b += 1
    placed, waiting = {}, []
    for a, group in enumerate(groups):
        waiting.append(group)
        if a in at:
            placed.setdefault(at[a], []).extend(waiting)
            waiting = []
    return placed, waiting


# ---------------------------------------------------------------------------
# Writing CHECK lines.

# What changes in the output whenever an unrelated runtime type or function
# is added: type indices, and the index comments of unnamed fields. These
# are checked with a pattern: (python regex, FileCheck text for a match).
VARYING = [
    (r"\(type \d+\)", lambda m: ("(type ", "[0-9]+", ")")),
    (r"\((func|global|table|elem|data|tag|type) \(;\d+;\)",
     lambda m: ("(%s (;" % m.group(1), "[0-9]+", ";)")),
]
# Functions and globals referred to by index: the output has no name section.
BY_INDEX = re.compile(r"\b(call|return_call|ref\.func|global\.get|global\.set)"
                      r" \d+\b")


def escape(literal, before_regex=False):
    """`literal` as FileCheck pattern text: no {{ or [[ starts a regex."""
    out = []
    for i, c in enumerate(literal):
        nxt = literal[i + 1] if i + 1 < len(literal) else None
        if c == "{" and (nxt == "{" or (nxt is None and before_regex)):
            out.append("{{[{]}}")
        elif c == "[" and nxt == "[":
            out.append("{{[[]}}")
        else:
            out.append(c)
    return "".join(out)


def pattern(line, hidden, vary=()):
    """The check pattern for one output line: hidden paths match anything,
    VARYING parts and the test's vary= regexes match what they describe."""
    rules = [(re.escape(p), lambda m: ("", ".*", ""))
             for p in sorted({p for p in hidden if p}, key=len, reverse=True)]
    rules += VARYING
    rules += [(v, lambda m, v=v: ("", v, "")) for v in vary]
    combined = re.compile("|".join("(%s)" % r for r, _ in rules))
    # Pieces: (literal text, None) or (None, regex).
    pieces, pos = [], 0
    for m in combined.finditer(line):
        if m.end() == m.start():
            continue
        k = next(i for i, (r, _) in enumerate(rules)
                 if re.fullmatch(r, m.group(0)))
        before, regex, after = rules[k][1](re.fullmatch(rules[k][0],
                                                       m.group(0)))
        pieces += [(line[pos:m.start()] + before, None), (None, regex),
                   (after, None)]
        pos = m.end()
    pieces.append((line[pos:], None))
    out = []
    for k, (literal, regex) in enumerate(pieces):
        if regex is not None:
            out.append("{{%s}}" % regex)
        elif literal:
            nxt = pieces[k + 1] if k + 1 < len(pieces) else (None, None)
            out.append(escape(literal, before_regex=nxt[1] is not None))
    return "".join(out)


def check_lines(marker, prefix, group, hidden, vary, indent=""):
    first = prefix + ("-LABEL:" if group.is_func else ":")
    width = max(len(first), len(prefix + "-NEXT:")) + 1
    out = []
    for k, line in enumerate(group.lines):
        if not line.strip():
            if k == 0:
                raise Failure("a checked form starts with an empty line")
            out.append("%s%s %s-EMPTY:" % (indent, marker, prefix))
            continue
        directive = first if k == 0 else prefix + "-NEXT:"
        out.append("%s%s %s%s" % (indent, marker, directive.ljust(width),
                                  pattern(line, hidden, vary)))
    return out


def note(marker, path):
    """The first line of a test with generated checks."""
    rel = os.path.relpath(os.path.abspath(path), SOURCE_ROOT)
    if rel.startswith(".."):
        rel = path
    return ("%s NOTE: CHECK lines generated; do not edit. Regenerate: "
            "scripts/update-lit-checks.py --build-dir BUILD %s" %
            (marker, rel))


NOTE_START = "NOTE: CHECK lines generated; do not edit."
# The block at the end of a test, before checks were placed beside fields.
LEGACY_NOTE = ("NOTE: CHECK lines generated by scripts/update-lit-checks.py; "
               "do not edit.")


def is_note(line, marker):
    return line.startswith(marker + " " + NOTE_START)


def is_block_line(line, marker):
    if not line.strip():
        return True
    m = re.match(re.escape(marker) + r" ([A-Za-z][\w-]*?)(-NEXT|-EMPTY)?:",
                 line)
    return bool(m) and m.group(1) not in LIT_KEYWORDS


def check_line_re(marker, prefixes):
    return re.compile(r"^\s*" + re.escape(marker) + r"\s*(?:" +
                      "|".join(map(re.escape, prefixes)) +
                      r")(?:-NEXT|-LABEL|-EMPTY|-SAME|-NOT|-DAG|-COUNT-\d+)?:")


def strip_generated(lines, marker, prefixes):
    """The test without its generated lines: the NOTE line, the check lines
    of `prefixes` and the empty lines between them (or after the last)."""
    lines = list(lines)
    if lines and is_note(lines[0], marker):
        lines.pop(0)
    legacy = marker + " " + LEGACY_NOTE
    if legacy in lines:
        begin = lines.index(legacy)
        end = begin + 1
        while end < len(lines) and is_block_line(lines[end], marker):
            end += 1
        del lines[begin:end]
    check = check_line_re(marker, prefixes)
    is_check = [bool(check.match(l)) for l in lines]
    out, i = [], 0
    while i < len(lines):
        if is_check[i]:
            i += 1
            continue
        if not lines[i].strip():
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            after_check = bool(out) and i > 0 and is_check[i - 1]
            if after_check and (j == len(lines) or is_check[j]):
                i = j
                continue
            out += lines[i:j]
            i = j
            continue
        out.append(lines[i])
        i += 1
    while out and not out[-1].strip():
        out.pop()
    return out


class Skip(Exception):
    """A test this script leaves alone, and why."""


def update(path, runner, dry_run):
    """True if the file's checks changed; raises Skip for a test it leaves."""
    marker = comment_marker(path)
    with open(path) as f:
        text = f.read()
    lines = text.split("\n")
    options = update_options(lines, marker)
    if not any(split_filecheck(c) for c in run_lines(lines, marker)):
        raise Skip("no RUN line pipes into FileCheck")
    generated = (lines and is_note(lines[0], marker)) or \
        marker + " " + LEGACY_NOTE in lines
    if not generated and any(
            line.strip() and is_block_line(line, marker) for line in lines):
        raise Skip("hand-written checks, no NOTE line")
    results, hidden = runner.run(path)
    prefixes = [p for p, _, _ in results]
    if len(set(prefixes)) != len(prefixes):
        raise Failure("several RUN lines check the same prefix; give each "
                      "its own --check-prefix")
    for p in options:
        if p is not None and p not in prefixes:
            raise Failure("UPDATE(%s) names no RUN line's prefix" % p)
    source = strip_generated(lines, marker, prefixes)
    fields = module_fields("\n".join(source))
    anchors = {f.key for f in fields if f.key is not None}
    placed, tail = {}, []
    for prefix, output, from_test in results:
        opts = options.get(prefix, options.get(None))
        vary = opts["vary"] if opts else []
        beside = from_test and selects(opts)
        groups = select(output, opts, anchors if beside else set())
        for g in groups:
            for line in g.lines:
                if BY_INDEX.search(line):
                    print("%s: warning: %s checks a line that refers to a "
                          "function or global by index, which changes when "
                          "the runtime changes (give the input a name section: "
                          "wat2wasm --debug-names): %s" %
                          (path, prefix, line.strip()), file=sys.stderr)
                    break
        here, rest = place(groups, fields) if beside else ({}, groups)
        for line, gs in here.items():
            placed.setdefault(line, []).extend((prefix, g, vary) for g in gs)
        tail += [(prefix, g, vary) for g in rest]
    out = [note(marker, path)]
    for i, line in enumerate(source):
        indent = line[:len(line) - len(line.lstrip())]
        for k, (prefix, g, vary) in enumerate(placed.get(i, [])):
            if k:
                out.append("")
            out += check_lines(marker, prefix, g, hidden, vary, indent)
        out.append(line)
    for prefix, g, vary in tail:
        out.append("")
        out += check_lines(marker, prefix, g, hidden, vary)
    new = "\n".join(out) + "\n"
    if new == text:
        return False
    if not dry_run:
        with open(path, "w") as f:
            f.write(new)
    return True


def expand(args):
    """Files from arguments: files, directories (searched for tests), and
    globs the shell did not expand (`**` matches any depth)."""
    files = []
    for arg in args:
        if os.path.isdir(arg):
            for root, dirs, names in os.walk(arg):
                dirs[:] = sorted(d for d in dirs
                                 if d not in ("Inputs", "Output"))
                files += [os.path.join(root, n) for n in sorted(names)
                          if os.path.splitext(n)[1] in (".wat", ".test")]
        elif os.path.exists(arg):
            files.append(arg)
        elif glob.has_magic(arg):
            matched = sorted(glob.glob(arg, recursive=True))
            if not matched:
                raise Failure("%s: no files match" % arg)
            files += matched
        else:
            raise Failure("%s: no such file" % arg)
    seen, unique = set(), []
    for f in files:
        key = os.path.realpath(f)
        if key not in seen and "/Inputs/" not in key:
            seen.add(key)
            unique.append(f)
    return unique


def main():
    parser = argparse.ArgumentParser(
        description="Regenerate the CHECK lines of wrr's lit tests.",
        epilog="Example: scripts/update-lit-checks.py --build-dir build "
               "test/lit")
    parser.add_argument("tests", nargs="+",
                        help="test files, directories or globs")
    parser.add_argument(
        "--build-dir",
        default=os.environ.get("WRR_BUILD_DIR",
                               os.path.join(SOURCE_ROOT, "build")),
        help="the build whose tools to run (default: $WRR_BUILD_DIR, or "
             "build/ in the source tree)")
    parser.add_argument("--dry-run", action="store_true",
                        help="report which files would change; write nothing")
    args = parser.parse_args()
    try:
        runner = Runner(args.build_dir)
        files = expand(args.tests)
    except Failure as e:
        print("update-lit-checks: error: %s" % e, file=sys.stderr)
        return 2
    failed = 0
    for path in files:
        try:
            changed = update(path, runner, args.dry_run)
        except Skip as why:
            print("skipped %s (%s)" % (path, why))
            continue
        except Failure as e:
            print("%s: error: %s" % (path, e), file=sys.stderr)
            failed += 1
            continue
        if changed:
            print("%s %s" % ("would update" if args.dry_run else "updated",
                             path))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
