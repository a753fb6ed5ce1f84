// Every option RunConfig holds survives `train --save-weights`: rendering the saved run gives the
// frames training drew, byte for byte (raw BGRA, small frames, few epochs). Before the typed
// config, `--leaky-alpha 0.1` came back as 0.3 and drew another network.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {
namespace fs = std::filesystem;

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / ("nnviz-run-roundtrip-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run(const std::string& args) {
  return std::system((std::string(NNVIZ_BINARY) + " " + args + " -q > /dev/null 2>&1").c_str());
}

// `looks`: drawing options given to both commands (they are not part of the run).
void check(const std::string& name, const std::string& options, const std::string& looks = "") {
  SCOPED_TRACE(name + ": " + options);
  const fs::path dir = scratch() / name;
  fs::create_directories(dir);
  const std::string a = (dir / "a.bgra").string(), b = (dir / "b.bgra").string(), r = (dir / "r.json").string();
  ASSERT_EQ(run("train --epochs 2 --stop-loss 0 --size 360x120 --format raw -o " + a + " --save-weights " + r + " " + options + " " + looks), 0);
  ASSERT_EQ(run("render " + r + " --size 360x120 --format raw -o " + b + " " + looks), 0);
  const std::string frames = read(a);
  ASSERT_EQ(frames.size(), 3U * 360 * 120 * 4);
  EXPECT_TRUE(frames == read(b)) << "render of the saved run draws other frames";
}

TEST(render_round_trip, every_option_of_the_run_renders_as_trained) {
  const fs::path data = scratch() / "points.csv";
  {
    std::ofstream out(data);
    out << "X0,X1,y\n";
    for (int i = 0; i < 12; ++i) out << (i % 2 ? 0.5 : -0.5) + 0.07 * i << ',' << 0.1 * (i % 5) - 0.2 << ',' << i % 2 << '\n';
  }
  const std::vector<std::pair<std::string, std::string>> cases{
      {"leaky", "--activation leaky_relu --leaky-alpha 0.1 --hidden 3"},
      {"sgd", "--optimizer sgd --momentum 0.9 --nesterov --lr 0.05"},
      {"amsgrad", "--optimizer adam --amsgrad"},
      {"rmsprop", "--optimizer rmsprop --momentum 0.5 --lr 0.01"},
      {"adagrad", "--optimizer adagrad"},
      {"adadelta", "--optimizer adadelta --lr 1"},
      {"adamax", "--optimizer adamax"},
      {"nadam", "--optimizer nadam"},
      {"samples_noise", "--samples 30 --noise 0.2"},
      {"xor", "--dataset xor --samples 20"},
      {"circles", "--dataset circles --samples 20"},
      {"moons", "--dataset moons --samples 20"},
      {"spiral", "--dataset spiral --samples 20"},
      {"gauss", "--dataset gauss --samples 20"},
      {"data_file", "--data " + data.string()},
      {"validation", "--validation-split 0.25 --samples 40"},
      {"l2_init_batch", "--l2 0.01 --init he_uniform --batch-size 5 --samples 30"},
  };
  for (const auto& [name, options] : cases) check(name, options);
  // Five panels do not fit 360x120: two of them (the second hidden layer is the one that shows the
  // per-layer activations).
  check("layers", "--hidden 8,8 --activation leaky_relu,tanh --leaky-alpha 0.05 --seed 9", "--panels input,hidden2");
}

}  // namespace
