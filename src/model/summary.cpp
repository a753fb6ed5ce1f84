#include "nnviz/model/summary.hpp"

#include <string>

namespace nnviz::model {
namespace {

std::string padded(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

// Keras groups thousands with commas (e.g. "1,153").
std::string with_commas(long long n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

}  // namespace

std::string keras_summary(const Network& net) {
  // Column stops of tf.keras 2.x's print_summary for a Sequential model (line_length 65).
  const std::string rule(65, '_');
  const std::string double_rule(65, '=');
  std::string out = "Model: \"sequential\"\n" + rule + "\n";
  out += padded(" Layer (type)", 29) + padded("Output Shape", 26) + "Param #   \n" + double_rule + "\n";
  long long total = 0;
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const Dense& d = net.layers[i];
    const long long params = static_cast<long long>(d.W.size() + d.b.size());
    total += params;
    const std::string name = i == 0 ? "dense" : "dense_" + std::to_string(i);
    out += padded(" " + name + " (Dense)", 29) + padded("(None, " + std::to_string(d.W.cols()) + ")", 26) +
           padded(with_commas(params), 10) + "\n";
    out += (i + 1 < net.layers.size() ? std::string(65, ' ') + "\n" : std::string());
  }
  out += double_rule + "\n";
  out += "Total params: " + with_commas(total) + "\n";
  out += "Trainable params: " + with_commas(total) + "\n";
  out += "Non-trainable params: 0\n" + rule + "\n";
  return out;
}

}  // namespace nnviz::model
