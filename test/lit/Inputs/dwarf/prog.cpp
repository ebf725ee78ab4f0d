// A -g C++ program for test/lit/dwarf, with libc++: templates, inlined
// standard library code, lambdas, a class hierarchy.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
};
struct Rect : Shape {
  double w, h;
  Rect(double w, double h) : w(w), h(h) {}
  double area() const override { return w * h; }
};
struct Circle : Shape {
  double r;
  explicit Circle(double r) : r(r) {}
  double area() const override { return 3.14159 * r * r; }
};

template <typename T> T total(const std::vector<T> &v) {
  T s{};
  for (const T &x : v)
    s += x;
  return s;
}

int main(int argc, char **argv) {
  std::vector<std::unique_ptr<Shape>> shapes;
  for (int i = 0; i < 10; ++i) {
    if (i % 2)
      shapes.push_back(std::make_unique<Rect>(i, i + 1));
    else
      shapes.push_back(std::make_unique<Circle>(i));
  }
  std::vector<double> areas;
  for (const auto &s : shapes)
    areas.push_back(s->area());
  std::sort(areas.begin(), areas.end(), [](double a, double b) { return a > b; });
  std::map<std::string, int> words;
  for (int i = 0; i < argc; ++i)
    ++words[argv[i]];
  std::printf("%.2f %zu %d\n", total(areas), words.size(), total(std::vector<int>{1, 2, 3}));
  return 0;
}
