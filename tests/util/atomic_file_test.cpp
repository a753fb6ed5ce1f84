#include "nnviz/util/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>
#include <string>
#include <utility>
#include <vector>

#include "nnviz/util/error.hpp"

namespace fs = std::filesystem;
using nnviz::UsageError;
using nnviz::util::AtomicFile;
using nnviz::util::check_writable_output;
using nnviz::util::write_file_atomically;

namespace {

// A fresh folder per test, removed afterwards, so tests can list what was left behind.
class ScratchFolder {
 public:
  ScratchFolder() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("nnviz_atomic_file_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const fs::directory_entry& e : fs::directory_iterator(path_))
      names.push_back(e.path().filename().string());
    return names;
  }

 private:
  fs::path path_;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

template <typename F>
std::string usage_error_message(F&& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a UsageError";
  return {};
}

}  // namespace

TEST(atomic_file_test, temp_path_is_in_the_target_folder_and_keeps_the_extension) {
  ScratchFolder dir;
  const AtomicFile file(dir.path() / "video.mp4");
  EXPECT_EQ(file.temp_path().parent_path(), dir.path());
  EXPECT_EQ(file.temp_path().extension(), ".mp4");
  EXPECT_NE(file.temp_path(), file.target());
  EXPECT_EQ(file.target(), dir.path() / "video.mp4");
}

TEST(atomic_file_test, two_files_for_one_target_get_different_temp_paths) {
  ScratchFolder dir;
  const AtomicFile a(dir.path() / "out.csv");
  const AtomicFile b(dir.path() / "out.csv");
  EXPECT_NE(a.temp_path(), b.temp_path());
}

TEST(atomic_file_test, commit_renames_the_temp_file_into_place) {
  ScratchFolder dir;
  const fs::path target = dir.path() / "out.txt";
  {
    AtomicFile file(target);
    write_text(file.temp_path(), "complete");
    EXPECT_FALSE(fs::exists(target));
    file.commit();
    EXPECT_FALSE(fs::exists(file.temp_path()));
  }
  EXPECT_EQ(read_text(target), "complete");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.txt"});
}

TEST(atomic_file_test, commit_replaces_an_existing_target) {
  ScratchFolder dir;
  const fs::path target = dir.path() / "out.txt";
  write_text(target, "old");
  AtomicFile file(target);
  write_text(file.temp_path(), "new");
  file.commit();
  EXPECT_EQ(read_text(target), "new");
}

TEST(atomic_file_test, destruction_without_commit_removes_the_temp_file_and_keeps_the_target) {
  ScratchFolder dir;
  const fs::path target = dir.path() / "out.txt";
  write_text(target, "old");
  fs::path temp;
  {
    AtomicFile file(target);
    temp = file.temp_path();
    write_text(temp, "half written");
    ASSERT_TRUE(fs::exists(temp));
  }
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(read_text(target), "old");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.txt"});
}

TEST(atomic_file_test, destruction_without_commit_creates_no_target) {
  ScratchFolder dir;
  { AtomicFile file(dir.path() / "out.txt"); }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(atomic_file_test, moved_from_file_does_not_remove_the_temp_file) {
  ScratchFolder dir;
  const fs::path target = dir.path() / "out.txt";
  AtomicFile first(target);
  write_text(first.temp_path(), "moved");
  AtomicFile second(std::move(first));
  {
    AtomicFile dying(std::move(second));
    dying.commit();
  }
  EXPECT_EQ(read_text(target), "moved");
}

TEST(atomic_file_test, missing_folder_is_a_usage_error) {
  ScratchFolder dir;
  const std::string message =
      usage_error_message([&] { AtomicFile file(dir.path() / "no_such_folder" / "out.txt"); });
  EXPECT_NE(message.find("no_such_folder"), std::string::npos) << message;
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
}

TEST(atomic_file_test, target_that_is_a_directory_is_a_usage_error) {
  ScratchFolder dir;
  fs::create_directory(dir.path() / "sub");
  const std::string message = usage_error_message([&] { AtomicFile file(dir.path() / "sub"); });
  EXPECT_NE(message.find("is a directory"), std::string::npos) << message;
  EXPECT_TRUE(fs::is_directory(dir.path() / "sub"));
}

TEST(atomic_file_test, check_writable_output_names_the_option) {
  ScratchFolder dir;
  const std::string message = usage_error_message(
      [&] { check_writable_output(dir.path() / "missing" / "out.mp4", "--output"); });
  EXPECT_EQ(message.rfind("--output", 0), 0u) << message;
  EXPECT_NO_THROW(check_writable_output(dir.path() / "out.mp4", "--output"));
}

TEST(atomic_file_test, unwritable_folder_is_a_usage_error) {
  ScratchFolder dir;
  const fs::path locked = dir.path() / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  // Root may write anywhere, so the check runs in a child that, when we are root, first becomes
  // the unprivileged user "nobody" (65534): the folder is then unwritable for it as for any user.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    try {
      AtomicFile file(locked / "out.txt");
    } catch (const UsageError& e) {
      ::_exit(std::string(e.what()).find("not writable") != std::string::npos ? 0 : 2);
    } catch (...) {
      ::_exit(4);
    }
    ::_exit(1);  // no error: the check let an unwritable folder through
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: accepted, 2: wrong message, 3: could not drop privileges";
  fs::permissions(locked, fs::perms::owner_all);
}

TEST(atomic_file_test, write_file_atomically_writes_the_text_and_leaves_nothing_else) {
  ScratchFolder dir;
  const fs::path target = dir.path() / "data.csv";
  write_file_atomically(target, "X0,X1,y\n1,2,0\n");
  EXPECT_EQ(read_text(target), "X0,X1,y\n1,2,0\n");
  write_file_atomically(target, "");
  EXPECT_EQ(read_text(target), "");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"data.csv"});
}

TEST(atomic_file_test, write_file_atomically_into_a_missing_folder_throws_and_writes_nothing) {
  ScratchFolder dir;
  EXPECT_THROW(write_file_atomically(dir.path() / "missing" / "data.csv", "x"), UsageError);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(atomic_file_test, target_in_the_current_folder_uses_the_current_folder) {
  ScratchFolder dir;
  const fs::path previous = fs::current_path();
  fs::current_path(dir.path());
  write_file_atomically("relative.txt", "here");
  fs::current_path(previous);
  EXPECT_EQ(read_text(dir.path() / "relative.txt"), "here");
}

// What stands at an output's path keeps its nature: devices and FIFOs are written in place, a
// symbolic link stays a link (its target is replaced), a file keeps its permissions. Only nodes
// made here, in the test's own folder, are used: nothing in /dev.
namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST(atomic_file_test, a_fifo_is_written_in_place_and_its_reader_gets_the_text) {
  const ScratchFolder dir;
  const fs::path fifo = dir.path() / "out.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  std::string received;
  std::thread reader([&] { received = slurp(fifo); });
  write_file_atomically(fifo, "a,b\n1,2\n");
  reader.join();
  EXPECT_EQ(received, "a,b\n1,2\n");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.csv"});  // no temporary file beside it
}

TEST(atomic_file_test, a_character_device_is_written_in_place_and_never_removed) {
  const ScratchFolder dir;
  const fs::path null = dir.path() / "null";
  ASSERT_EQ(::mknod(null.c_str(), S_IFCHR | 0666, ::makedev(1, 3)), 0) << "mknod needs root";
  write_file_atomically(null, "discarded");
  EXPECT_TRUE(fs::is_character_file(null));
  {
    const AtomicFile abandoned(null);  // destroyed without commit: a device is not a temp file
    EXPECT_EQ(abandoned.temp_path(), null);
  }
  EXPECT_TRUE(fs::is_character_file(null));
}

TEST(atomic_file_test, a_symbolic_link_stays_a_link_and_its_target_is_replaced) {
  const ScratchFolder dir;
  fs::create_directories(dir.path() / "real");
  std::ofstream(dir.path() / "real" / "m.csv") << "old";
  fs::create_symlink("real/m.csv", dir.path() / "link.csv");  // relative, read from its folder
  write_file_atomically(dir.path() / "link.csv", "new");
  EXPECT_TRUE(fs::is_symlink(dir.path() / "link.csv"));
  EXPECT_EQ(slurp(dir.path() / "real" / "m.csv"), "new");
  // A link to a file that does not exist yet creates that file.
  fs::create_symlink("real/fresh.csv", dir.path() / "dangling.csv");
  write_file_atomically(dir.path() / "dangling.csv", "made");
  EXPECT_TRUE(fs::is_symlink(dir.path() / "dangling.csv"));
  EXPECT_EQ(slurp(dir.path() / "real" / "fresh.csv"), "made");
}

TEST(atomic_file_test, a_replaced_file_keeps_its_permissions) {
  const ScratchFolder dir;
  const fs::path secret = dir.path() / "w.json";
  std::ofstream(secret) << "old";
  fs::permissions(secret, fs::perms::owner_read | fs::perms::owner_write);
  write_file_atomically(secret, "new");
  EXPECT_EQ(slurp(secret), "new");
  EXPECT_EQ(fs::status(secret).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}
