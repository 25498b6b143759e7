#include <iostream>
#include <string>
#include <vector>

#include "tools/kg/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  return kg::cli::Run(args, std::cin, std::cout, std::cerr);
}
