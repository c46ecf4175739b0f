#include "cli/option_choices.hpp"

#include <sstream>

namespace kgitops {

std::vector<std::string> option_choices(const CLI::Option& option) {
  // CLI11 appends each check's description to the type name; IsMember's is "{a,b,c}".
  const auto type_name = option.get_type_name();
  const auto open = type_name.find(":{");
  if (open == std::string::npos) {
    return {};
  }
  const auto close = type_name.find('}', open);
  if (close == std::string::npos) {
    return {};
  }
  std::vector<std::string> choices;
  std::istringstream in(type_name.substr(open + 2, close - open - 2));
  std::string choice;
  while (std::getline(in, choice, ',')) {
    choices.push_back(choice);
  }
  return choices;
}

}  // namespace kgitops
