// The weights file written a frame at a time (write_record_text) is the same bytes as the whole
// document dumped at once (record_to_json(...).dump() + "\n", what --save-weights wrote before),
// whether the frames' weights are in memory or in the checkpoint store's temporary file.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nnviz/run/record.hpp"
#include "nnviz/train/checkpoint.hpp"

namespace {
namespace fs = std::filesystem;
const std::string reference = NNVIZ_SOURCE_DIR "/tests/data/reference/";

std::string streamed(const nnviz::run::RunRecord& r, const std::string& name) {
  const fs::path path = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".json");
  nnviz::run::write_record_text(r, path, path);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  fs::remove(path);
  return text.str();
}

TEST(record_stream, the_streamed_file_is_the_dumped_document) {
  for (const char* file : {"weights_v1.json", "weights_v1_data.json"}) {
    const nnviz::run::RunRecord r = nnviz::run::read_record(reference + file);
    ASSERT_GT(r.checkpoints.size(), 1U) << file;
    const std::string whole = nnviz::run::record_to_json(r).dump() + "\n";
    EXPECT_EQ(streamed(r, "stream"), whole) << file;
  }
}

TEST(record_stream, spilled_weights_write_the_same_bytes) {
  const nnviz::run::RunRecord r = nnviz::run::read_record(reference + "weights_v1.json");
  nnviz::run::RunRecord spilled = r;
  nnviz::train::CheckpointStore store(0);
  for (nnviz::train::Checkpoint& c : spilled.checkpoints) c = nnviz::train::Checkpoint(c.metrics, store.keep(c.network()));
  ASSERT_TRUE(spilled.checkpoints.back().spilled());
  EXPECT_EQ(streamed(spilled, "spilled"), nnviz::run::record_to_json(r).dump() + "\n");
}

TEST(record_stream, a_record_without_frames_keeps_an_empty_array) {
  nnviz::run::RunRecord r = nnviz::run::read_record(reference + "weights_v1.json");
  r.checkpoints.clear();
  const std::string text = streamed(r, "empty");
  EXPECT_EQ(text, nnviz::run::record_to_json(r).dump() + "\n");
  EXPECT_NE(text.find("\"frames\":[]}"), std::string::npos) << text;
}

}  // namespace
