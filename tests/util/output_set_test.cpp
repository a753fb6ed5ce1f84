// util::OutputSet and util::AtomicFolder: a run's outputs appear together at commit() or not at
// all; existing files stay byte for byte what they were until then; temporary files and
// folders never outlive a failure.
#include "nnviz/util/output_set.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/atomic_folder.hpp"
#include "nnviz/util/error.hpp"

namespace fs = std::filesystem;
using nnviz::Error;
using nnviz::UsageError;
using nnviz::util::AtomicFile;
using nnviz::util::AtomicFolder;
using nnviz::util::OutputSet;

namespace {

class Scratch {
 public:
  Scratch() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() / ("nnviz_output_set_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// Every name in `dir` and below (hidden ones too), relative, sorted.
std::vector<std::string> tree(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.push_back(fs::relative(e.path(), dir).string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(output_set, nothing_changes_until_commit_then_everything_does) {
  Scratch dir;
  write(dir / "m.csv", "old metrics");
  write(dir / "w.json", "old weights");
  OutputSet set;
  set.write_file(dir / "m.csv", "new metrics");
  set.write_file(dir / "w.json", "new weights");
  AtomicFolder frames(dir / "frames");
  frames.write("frame-0000.png", "png 0");
  set.adopt(std::move(frames));
  EXPECT_EQ(read(dir / "m.csv"), "old metrics");
  EXPECT_EQ(read(dir / "w.json"), "old weights");
  EXPECT_FALSE(fs::exists(dir / "frames"));
  set.commit();
  EXPECT_EQ(read(dir / "m.csv"), "new metrics");
  EXPECT_EQ(read(dir / "w.json"), "new weights");
  EXPECT_EQ(read(dir / "frames" / "frame-0000.png"), "png 0");
  EXPECT_EQ(tree(dir.path()), (std::vector<std::string>{"frames", "frames/frame-0000.png", "m.csv", "w.json"}));
}

TEST(output_set, a_set_dropped_without_commit_leaves_every_file_as_it_was) {
  Scratch dir;
  write(dir / "m.csv", "old metrics");
  fs::create_directories(dir / "frames");
  write(dir / "frames" / "frame-0000.png", "old png");
  {
    OutputSet set;
    set.write_file(dir / "m.csv", "new metrics");
    set.write_file(dir / "new.json", "new");
    AtomicFolder frames(dir / "frames");
    frames.write("frame-0000.png", "new png");
    frames.write("frame-0001.png", "new png 1");
    set.adopt(std::move(frames));
    AtomicFolder missing(dir / "missing");
    missing.write("frame-0000.png", "x");
    set.adopt(std::move(missing));
  }  // e.g. an exception while encoding
  EXPECT_EQ(read(dir / "m.csv"), "old metrics");
  EXPECT_EQ(read(dir / "frames" / "frame-0000.png"), "old png");
  EXPECT_EQ(tree(dir.path()), (std::vector<std::string>{"frames", "frames/frame-0000.png", "m.csv"}));
}

TEST(output_set, a_failing_second_rename_says_what_was_written_and_what_was_left) {
  Scratch dir;
  write(dir / "a.csv", "old a");
  write(dir / "c.csv", "old c");
  OutputSet set;
  set.write_file(dir / "a.csv", "new a");
  set.write_file(dir / "b.csv", "new b");
  set.write_file(dir / "c.csv", "new c");
  // The second target becomes a non-empty folder while the run works: its rename must fail.
  fs::create_directories(dir / "b.csv" / "inside");
  try {
    set.commit();
    FAIL() << "commit() succeeded";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("b.csv"), std::string::npos) << message;
    EXPECT_NE(message.find("already written: " + (dir / "a.csv").string()), std::string::npos) << message;
    EXPECT_NE(message.find("left as they were: " + (dir / "c.csv").string()), std::string::npos) << message;
  }
  EXPECT_EQ(read(dir / "a.csv"), "new a");  // renames are atomic per file, not across files
  EXPECT_EQ(read(dir / "c.csv"), "old c");
  EXPECT_EQ(tree(dir.path()), (std::vector<std::string>{"a.csv", "b.csv", "b.csv/inside", "c.csv"}));
}

TEST(output_set, with_no_replace_a_file_that_appeared_meanwhile_is_kept) {
  Scratch dir;
  OutputSet set(false);
  set.write_file(dir / "m.csv", "new");
  write(dir / "m.csv", "appeared");
  EXPECT_THROW(set.commit(), UsageError);
  EXPECT_EQ(read(dir / "m.csv"), "appeared");
  EXPECT_EQ(tree(dir.path()), (std::vector<std::string>{"m.csv"}));
}

TEST(atomic_folder, a_missing_folder_appears_only_at_commit_with_every_file) {
  Scratch dir;
  AtomicFolder frames(dir / "frames");
  frames.write("0000.png", "a");
  frames.write("0001.png", "b");
  EXPECT_FALSE(fs::exists(dir / "frames"));
  frames.commit();
  EXPECT_EQ(tree(dir.path()), (std::vector<std::string>{"frames", "frames/0000.png", "frames/0001.png"}));
}

TEST(atomic_folder, never_creates_through_something_that_is_not_a_folder) {
  Scratch dir;
  write(dir / "file", "x");
  fs::create_symlink(dir / "nowhere", dir / "dangling");
  fs::create_symlink(dir / "file", dir / "to_file");
  EXPECT_THROW(nnviz::util::check_output_folder(dir / "file", "--frames"), UsageError);
  EXPECT_THROW(nnviz::util::check_output_folder(dir / "dangling", "--frames"), UsageError);
  EXPECT_THROW(nnviz::util::check_output_folder(dir / "to_file", "--frames"), UsageError);
  EXPECT_THROW(nnviz::util::check_output_folder(dir / "no" / "such", "--frames"), UsageError);
  EXPECT_THROW(AtomicFolder(dir / "dangling"), UsageError);
  EXPECT_FALSE(fs::exists(dir / "nowhere"));
  // A link to a folder is a folder: followed.
  fs::create_directories(dir / "real");
  fs::create_symlink(dir / "real", dir / "to_real");
  AtomicFolder via_link(dir / "to_real");
  via_link.write("f.png", "x");
  via_link.commit();
  EXPECT_EQ(read(dir / "real" / "f.png"), "x");
}

TEST(atomic_folder, a_second_signal_removes_the_staging_folder_and_its_files) {
  Scratch dir;
  AtomicFolder frames(dir / "frames");
  for (int i = 0; i < 100; ++i) frames.write("frame-" + std::to_string(i) + ".png", std::string(100, 'x'));
  ASSERT_TRUE(fs::is_directory(frames.staging()));
  nnviz::util::remove_temp_files_now();  // what the handler of a second Ctrl-C calls
  EXPECT_TRUE(tree(dir.path()).empty());
}

TEST(atomic_file, a_long_name_gets_a_temporary_name_within_name_max) {
  Scratch dir;
  const std::size_t name_max = nnviz::util::longest_name(dir.path());
  const std::string name = std::string(name_max - 4, 'n') + ".csv";  // the longest allowed
  AtomicFile file(dir / name);
  EXPECT_LE(file.temp_path().filename().string().size(), name_max);
  write(file.temp_path(), "ok");
  file.commit();
  EXPECT_EQ(read(dir / name), "ok");
  // One byte more does not fit the file system: refused up front, naming the option.
  try {
    nnviz::util::check_writable_output(dir / (std::string(name_max - 3, 'n') + ".csv"), "--metrics");
    FAIL() << "accepted a name longer than NAME_MAX";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--metrics"), std::string::npos) << e.what();
  }
}

TEST(atomic_file, a_multibyte_name_is_shortened_at_a_character_boundary) {
  const std::string stem(84 * 3, '\0');
  std::string euro;
  for (int i = 0; i < 84; ++i) euro += "\xe2\x82\xac";  // 252 bytes of U+20AC
  const std::string temp = nnviz::util::temp_name(euro + ".csv", 7, 255);
  EXPECT_LE(temp.size(), 255U);
  const std::string kept = temp.substr(1, temp.find(".nnviz-tmp-") - 1);
  EXPECT_EQ(kept.size() % 3, 0U) << "cut inside a character";
}

}  // namespace
