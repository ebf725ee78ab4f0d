// Virtualizes memory.size and memory.grow: every use in an instrumented
// function becomes a call to a helper, so the runtime sees each change to the
// size of linear memory and can record it or, on replay, reproduce it.
//
//   before                                after
//   (func $f (result i32)                 (func $f (result i32)
//     (drop (memory.grow                    (drop (call $grow
//       (memory.size)))                       (call $size)))
//     (memory.size))                        (call $size))
//
// The Binaryen C API has no generic walker, so this file carries its own: a
// table, indexed by expression id, that says how to reach each class's
// children through the C API getters and setters. The walk uses an explicit
// stack (real modules nest blocks tens of thousands deep) and first only
// records where the memory operations are; the module is rewritten only once
// every function has been walked, so a refused expression leaves it
// untouched.

#include "passes/memory_ops.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace wrr {
namespace {

using ChildGetter = BinaryenExpressionRef (*)(BinaryenExpressionRef);
using ChildSetter = void (*)(BinaryenExpressionRef, BinaryenExpressionRef);
using ListSizeGetter = BinaryenIndex (*)(BinaryenExpressionRef);
using ListGetter = BinaryenExpressionRef (*)(BinaryenExpressionRef,
                                             BinaryenIndex);
using ListSetter = void (*)(BinaryenExpressionRef, BinaryenIndex,
                            BinaryenExpressionRef);

// One child slot that may be empty (e.g. an if without an else).
struct Field {
  ChildGetter get;
  ChildSetter set;
};

// A variable number of children (block items, call operands, ...).
struct List {
  ListSizeGetter size = nullptr;
  ListGetter get = nullptr;
  ListSetter set = nullptr;
};

// How to reach the children of one expression class: its fixed fields come
// first (slots 0..numFields-1), then the items of its list, if any.
struct Shape {
  bool walkable = false;
  uint8_t numFields = 0;
  std::array<Field, 3> fields{};
  List list;

  bool isLeaf() const { return walkable && numFields == 0 && !list.size; }
};

// Pairing getter and setter by name keeps them from drifting apart.
#define WRR_FIELD(CLASS, NAME)                                                 \
  Field { Binaryen##CLASS##Get##NAME, Binaryen##CLASS##Set##NAME }
#define WRR_LIST_OF(CLASS, PLURAL, SINGULAR)                                   \
  List {                                                                       \
    Binaryen##CLASS##GetNum##PLURAL, Binaryen##CLASS##Get##SINGULAR##At,       \
        Binaryen##CLASS##Set##SINGULAR##At                                     \
  }

// Every expression class of Binaryen 108 (passes/expression_classes.def).
enum class Kind : uint8_t {
#define WRR_LEAF(Class) Class,
#define WRR_FIXED(Class, ...) Class,
#define WRR_LIST(Class, ...) Class,
#define WRR_OPAQUE(Class) Class,
#include "passes/expression_classes.def"
  NumKinds
};

constexpr unsigned numDelegatedClasses() {
  unsigned n = 0;
#define DELEGATE(CLASS) ++n
#include <wasm-delegations.def>
  return n;
}
static_assert(numDelegatedClasses() == static_cast<unsigned>(Kind::NumKinds),
              "Kind is out of step with wasm-delegations.def");

Shape leaf() {
  Shape s;
  s.walkable = true;
  return s;
}

// The C API has no accessors for this class's children.
Shape unreachableChildren() { return Shape(); }

template <typename... Fields> Shape fixed(Fields... fields) {
  static_assert(sizeof...(fields) <= 3, "Shape holds at most three fields");
  Shape s;
  s.walkable = true;
  s.numFields = sizeof...(fields);
  s.fields = {fields...};
  return s;
}

template <typename... Fields> Shape withList(List list, Fields... fields) {
  Shape s = fixed(fields...);
  s.list = list;
  return s;
}

#define WRR_FIELDS_1(Class, F1) WRR_FIELD(Class, F1)
#define WRR_FIELDS_2(Class, F1, F2) WRR_FIELD(Class, F1), WRR_FIELD(Class, F2)
#define WRR_FIELDS_3(Class, F1, F2, F3)                                        \
  WRR_FIELD(Class, F1), WRR_FIELD(Class, F2), WRR_FIELD(Class, F3)
#define WRR_PICK(_1, _2, _3, Name, ...) Name
#define WRR_FIELDS(Class, ...)                                                 \
  WRR_PICK(__VA_ARGS__, WRR_FIELDS_3, WRR_FIELDS_2, WRR_FIELDS_1)(Class,       \
                                                                __VA_ARGS__)

Shape shapeOf(Kind kind) {
  switch (kind) {
#define WRR_LEAF(Class)                                                        \
  case Kind::Class:                                                            \
    return leaf();
#define WRR_FIXED(Class, ...)                                                  \
  case Kind::Class:                                                            \
    return fixed(WRR_FIELDS(Class, __VA_ARGS__));
#define WRR_LIST(Class, Plural, Singular, ...)                                 \
  case Kind::Class:                                                            \
    return withList(WRR_LIST_OF(Class, Plural, Singular) __VA_OPT__(, )       \
                        __VA_OPT__(WRR_FIELDS(Class, __VA_ARGS__)));
#define WRR_OPAQUE(Class)                                                      \
  case Kind::Class:                                                            \
    return unreachableChildren();
#include "passes/expression_classes.def"
  case Kind::NumKinds:
    break;
  }
  return unreachableChildren();
}

#undef WRR_FIELDS_1
#undef WRR_FIELDS_2
#undef WRR_FIELDS_3
#undef WRR_PICK
#undef WRR_FIELDS
#undef WRR_FIELD
#undef WRR_LIST_OF

// Expression ids are only available at run time, so the table is built on
// first use; ids without an entry stay unwalkable.
std::vector<Shape> buildShapeTable() {
  std::vector<Shape> table;
  auto add = [&table](BinaryenExpressionId id, Kind kind) {
    if (id >= table.size())
      table.resize(id + 1);
    table[id] = shapeOf(kind);
  };
#define DELEGATE(CLASS) add(Binaryen##CLASS##Id(), Kind::CLASS);
#include <wasm-delegations.def>
  return table;
}

const Shape &shapeFor(BinaryenExpressionId id) {
  static const std::vector<Shape> table = buildShapeTable();
  static const Shape unknown;
  return id < table.size() ? table[id] : unknown;
}

// Where one memory.size / memory.grow (or unreachable) sits, so it can be replaced later.
struct Site {
  BinaryenExpressionRef expr;
  BinaryenExpressionRef parent; // Null when expr is the function body.
  BinaryenFunctionRef func;
  const Shape *parentShape;
  BinaryenIndex slot;
};

class MemoryOpFinder {
public:
  explicit MemoryOpFinder(bool traps) : Traps(traps) {}
  llvm::Error scanFunction(BinaryenFunctionRef func);
  const std::vector<Site> &sites() const { return Sites; }

private:
  struct Pending {
    BinaryenExpressionRef expr;
    const Shape *shape;
  };

  void noteChild(BinaryenFunctionRef func, BinaryenExpressionRef parent,
                 const Shape *parentShape, BinaryenIndex slot,
                 BinaryenExpressionRef child);
  void visitChildren(BinaryenFunctionRef func, const Pending &node);

  const BinaryenExpressionId SizeId = BinaryenMemorySizeId();
  const BinaryenExpressionId GrowId = BinaryenMemoryGrowId();
  const BinaryenExpressionId UnreachableId = BinaryenUnreachableId();
  bool Traps;
  std::vector<Pending> Stack;
  std::vector<Site> Sites;
};

void MemoryOpFinder::noteChild(BinaryenFunctionRef func,
                               BinaryenExpressionRef parent,
                               const Shape *parentShape, BinaryenIndex slot,
                               BinaryenExpressionRef child) {
  if (!child)
    return;
  BinaryenExpressionId id = BinaryenExpressionGetId(child);
  if (id == SizeId || id == GrowId || (Traps && id == UnreachableId))
    Sites.push_back({child, parent, func, parentShape, slot});
  const Shape &shape = shapeFor(id);
  // Leaves are by far the most common nodes; don't round-trip them.
  if (shape.isLeaf())
    return;
  Stack.push_back({child, &shape});
}

void MemoryOpFinder::visitChildren(BinaryenFunctionRef func,
                                   const Pending &node) {
  const Shape *shape = node.shape;
  for (uint8_t i = 0; i < shape->numFields; ++i)
    noteChild(func, node.expr, shape, i, shape->fields[i].get(node.expr));
  if (!shape->list.size)
    return;
  BinaryenIndex n = shape->list.size(node.expr);
  for (BinaryenIndex i = 0; i < n; ++i)
    noteChild(func, node.expr, shape, shape->numFields + i,
              shape->list.get(node.expr, i));
}

llvm::Error MemoryOpFinder::scanFunction(BinaryenFunctionRef func) {
  Stack.clear();
  noteChild(func, nullptr, nullptr, 0, BinaryenFunctionGetBody(func));
  while (!Stack.empty()) {
    Pending node = Stack.back();
    Stack.pop_back();
    if (!node.shape->walkable)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "unsupported expression kind %u in function %s",
          BinaryenExpressionGetId(node.expr), BinaryenFunctionGetName(func));
    visitChildren(func, node);
  }
  return llvm::Error::success();
}

bool isImported(BinaryenFunctionRef func) {
  const char *module = BinaryenFunctionImportGetModule(func);
  return (module && *module) || !BinaryenFunctionGetBody(func);
}

bool isInstrumented(BinaryenFunctionRef func, std::string_view skipPrefix) {
  if (isImported(func))
    return false;
  if (skipPrefix.empty())
    return true;
  return !std::string_view(BinaryenFunctionGetName(func))
              .starts_with(skipPrefix);
}

void setSlot(const Site &site, BinaryenExpressionRef replacement) {
  if (!site.parent) {
    BinaryenFunctionSetBody(site.func, replacement);
    return;
  }
  const Shape &shape = *site.parentShape;
  if (site.slot < shape.numFields) {
    shape.fields[site.slot].set(site.parent, replacement);
    return;
  }
  shape.list.set(site.parent, site.slot - shape.numFields, replacement);
}

// The call keeps the grow's delta (already rewritten if it held memory ops)
// and, like the grow, is unreachable when that delta is.
BinaryenExpressionRef makeHelperCall(BinaryenModuleRef module, const Site &site,
                                     const char *sizeFn, const char *growFn,
                                     const char *trapFn) {
  if (BinaryenExpressionGetId(site.expr) == BinaryenUnreachableId()) {
    BinaryenExpressionRef body[] = {
        BinaryenCall(module, trapFn, nullptr, 0, BinaryenTypeNone()),
        BinaryenUnreachable(module)};
    return BinaryenBlock(module, nullptr, body, 2, BinaryenTypeUnreachable());
  }
  if (BinaryenExpressionGetId(site.expr) == BinaryenMemorySizeId())
    return BinaryenCall(module, sizeFn, nullptr, 0, BinaryenTypeInt32());
  BinaryenExpressionRef delta = BinaryenMemoryGrowGetDelta(site.expr);
  return BinaryenCall(module, growFn, &delta, 1, BinaryenTypeInt32());
}

} // namespace

llvm::Expected<unsigned> virtualizeMemoryOps(BinaryenModuleRef module,
                                             const char *sizeFn,
                                             const char *growFn,
                                             std::string_view skipPrefix,
                                             const char *trapFn,
                                             const std::vector<bool> *only) {
  MemoryOpFinder finder(trapFn != nullptr);
  BinaryenIndex numFunctions = BinaryenGetNumFunctions(module);
  size_t defined = 0;
  for (BinaryenIndex i = 0; i < numFunctions; ++i) {
    BinaryenFunctionRef func = BinaryenGetFunctionByIndex(module, i);
    if (isImported(func))
      continue;
    size_t index = defined++;
    if (only && (index >= only->size() || !(*only)[index]))
      continue;
    if (!isInstrumented(func, skipPrefix))
      continue;
    if (llvm::Error err = finder.scanFunction(func))
      return err;
  }

  // A grow inside another grow's delta was found after its parent, so going
  // backwards rewrites the inner one before the outer one reads its delta.
  const std::vector<Site> &sites = finder.sites();
  for (auto it = sites.rbegin(); it != sites.rend(); ++it)
    setSlot(*it, makeHelperCall(module, *it, sizeFn, growFn, trapFn));
  return static_cast<unsigned>(sites.size());
}

} // namespace wrr
