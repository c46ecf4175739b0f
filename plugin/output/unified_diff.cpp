#include "output/unified_diff.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace kgitops {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    lines.push_back(line);
  }
  return lines;
}

struct Edit {
  char op;  // ' ', '-', '+'
  std::string line;
};

// Longest common subsequence: manifests are small, so O(n*m) is fine.
std::vector<Edit> edits_of(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const auto n = a.size();
  const auto m = b.size();
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Edit> edits;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      edits.push_back({' ', a[i++]});
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      edits.push_back({'-', a[i++]});  // removals first, as diff -u prints them
    } else {
      edits.push_back({'+', b[j++]});
    }
  }
  return edits;
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& from, const std::string& to) {
  if (before == after) {
    return {};
  }
  const auto edits = edits_of(lines_of(before), lines_of(after));
  constexpr std::size_t k_context = 3;
  std::string out = "--- " + from + "\n+++ " + to + "\n";
  std::size_t index = 0;
  while (index < edits.size()) {
    // Find the next change, then grow a hunk around it.
    while (index < edits.size() && edits[index].op == ' ') {
      ++index;
    }
    if (index == edits.size()) {
      break;
    }
    std::size_t start = index >= k_context ? index - k_context : 0;
    std::size_t end = index;
    std::size_t quiet = 0;
    while (end < edits.size() && quiet <= 2 * k_context) {
      quiet = edits[end].op == ' ' ? quiet + 1 : 0;
      ++end;
    }
    end -= quiet > k_context ? quiet - k_context : 0;
    std::size_t old_line = 1;
    std::size_t new_line = 1;
    for (std::size_t k = 0; k < start; ++k) {
      old_line += edits[k].op != '+' ? 1U : 0U;
      new_line += edits[k].op != '-' ? 1U : 0U;
    }
    std::size_t old_count = 0;
    std::size_t new_count = 0;
    std::string body;
    for (std::size_t k = start; k < end; ++k) {
      old_count += edits[k].op != '+' ? 1U : 0U;
      new_count += edits[k].op != '-' ? 1U : 0U;
      body += edits[k].op + edits[k].line + "\n";
    }
    out += "@@ -" + std::to_string(old_count == 0 ? old_line - 1 : old_line) + "," +
           std::to_string(old_count) + " +" +
           std::to_string(new_count == 0 ? new_line - 1 : new_line) + "," +
           std::to_string(new_count) + " @@\n" + body;
    index = end;
  }
  return out;
}

}  // namespace kgitops
