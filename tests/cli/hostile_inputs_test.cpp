// Input files as a hostile user writes them: endless FIFOs, binary data, huge numbers, headers
// that name their columns, byte order marks, control characters, TOML values of the wrong kind.
// Processes and signals run the real binary; FIFOs are made in a scratch folder, never in /dev.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_support.hpp"

namespace {
namespace fs = std::filesystem;
using nnviz::cli_test::Outcome;
using nnviz::cli_test::read;
using nnviz::cli_test::run;
using nnviz::cli_test::scratch;
using Clock = std::chrono::steady_clock;

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// A child process of the real binary, stderr into a file; killed when the test ends.
class Child {
 public:
  Child(const std::vector<std::string>& args, const fs::path& err_file) : err_file_(err_file) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0) ::_exit(126);
      ::dup2(fd, 2);
      nnviz::cli_test::exec_nnviz(args);
    }
  }
  ~Child() {
    if (pid_ > 0 && !done_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // The exit status, or -1 when the child is still running after `guard` (a hang guard only).
  int wait(std::chrono::milliseconds guard = std::chrono::seconds(30)) {
    const auto deadline = Clock::now() + guard;
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        done_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return -1;
  }
  void signal(int sig) const { ::kill(pid_, sig); }
  [[nodiscard]] std::string err() const { return read(err_file_); }

 private:
  pid_t pid_ = -1;
  bool done_ = false;
  fs::path err_file_;
};

// Feeds a FIFO with `chunk` again and again (every `pause`) until its reader goes away or
// `stop` is set. Opening for writing blocks until a reader opens, so the thread starts with
// O_NONBLOCK retries and never hangs a test whose reader never came.
class FifoWriter {
 public:
  FifoWriter(const fs::path& fifo, std::string chunk, std::chrono::milliseconds pause = {})
      : thread_([this, fifo, chunk = std::move(chunk), pause] {
          int fd = -1;
          while (fd < 0 && !stop_) {
            fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
          }
          if (fd < 0) return;
          opened_ = true;           // a reader has the FIFO open
          ::fcntl(fd, F_SETFL, 0);  // blocking writes from here on
          while (!stop_) {
            if (::write(fd, chunk.data(), chunk.size()) < 0) break;  // EPIPE: the reader left
            if (pause.count() > 0) std::this_thread::sleep_for(pause);
          }
          ::close(fd);
        }) {}
  ~FifoWriter() {
    stop_ = true;
    thread_.join();
  }
  FifoWriter(const FifoWriter&) = delete;
  FifoWriter& operator=(const FifoWriter&) = delete;
  // Waits (at most `limit`) until a reader has opened the FIFO; whether one has.
  bool wait_opened(std::chrono::milliseconds limit) const {
    for (auto waited = std::chrono::milliseconds(0); !opened_ && waited < limit; waited += std::chrono::milliseconds(5))
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return opened_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> opened_{false};
  std::thread thread_;
};

class HostileInputs : public testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);  // a writer whose reader left gets EPIPE, not death
    dir_ = scratch("hostile");  // not the test's name: messages are searched for words of it
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  [[nodiscard]] fs::path fifo(const std::string& name) const {
    const fs::path p = dir_ / name;
    EXPECT_EQ(::mkfifo(p.c_str(), 0600), 0) << std::strerror(errno);
    return p;
  }
  // Nothing but the inputs (and the stderr capture) in the folder.
  void expect_only(const std::vector<std::string>& names) const {
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(dir_)) found.push_back(e.path().filename().string());
    std::sort(found.begin(), found.end());
    std::vector<std::string> expected = names;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(found, expected);
  }
  fs::path dir_;
};

TEST_F(HostileInputs, an_endless_fifo_of_zero_bytes_is_a_binary_file) {
  const fs::path zeros = fifo("zeros");
  FifoWriter writer(zeros, std::string(65536, '\0'));
  Child nnviz({"train", "--data", zeros.string(), "-o", (dir_ / "out.mp4").string()}, dir_ / "err.txt");
  ASSERT_EQ(nnviz.wait(), 2) << nnviz.err();
  EXPECT_NE(nnviz.err().find(zeros.string()), std::string::npos) << nnviz.err();
  EXPECT_NE(nnviz.err().find("a NUL byte: a binary file"), std::string::npos) << nnviz.err();
  expect_only({"zeros", "err.txt"});
}

TEST_F(HostileInputs, an_endless_fifo_of_rows_stops_at_the_row_limit) {
  const fs::path rows = fifo("rows");
  std::string chunk;
  for (int i = 0; i < 4096; ++i) chunk += "0.5,0.25,1\n1,2,0\n";
  FifoWriter writer(rows, chunk);
  Child nnviz({"train", "--data", rows.string(), "-o", (dir_ / "out.mp4").string()}, dir_ / "err.txt");
  ASSERT_EQ(nnviz.wait(), 2) << nnviz.err();
  EXPECT_NE(nnviz.err().find(rows.string()), std::string::npos) << nnviz.err();
  EXPECT_NE(nnviz.err().find("1000000 rows"), std::string::npos) << nnviz.err();
  expect_only({"rows", "err.txt"});
}

TEST_F(HostileInputs, an_endless_line_stops_at_the_line_limit) {
  const fs::path line = fifo("line");
  FifoWriter writer(line, std::string(65536, '7'));
  Child nnviz({"dataset", "--data", line.string(), "-o", (dir_ / "out.csv").string()}, dir_ / "err.txt");
  ASSERT_EQ(nnviz.wait(), 2) << nnviz.err();
  EXPECT_NE(nnviz.err().find("line 1 is longer than"), std::string::npos) << nnviz.err();
  expect_only({"line", "err.txt"});
}

TEST_F(HostileInputs, sigint_while_reading_a_slow_endless_fifo_exits_130_and_writes_nothing) {
  const fs::path slow = fifo("slow");
  FifoWriter writer(slow, "0.5,0.25,1\n1,2,0\n", std::chrono::milliseconds(5));
  Child nnviz({"train", "--data", slow.string(), "--metrics", (dir_ / "m.csv").string(), "-o",
               (dir_ / "out.mp4").string()},
              dir_ / "err.txt");
  // Reading by now: the FIFO is open (on a loaded machine the start alone can take 400 ms), and
  // some rows are in.
  ASSERT_TRUE(writer.wait_opened(std::chrono::seconds(20))) << "nnviz never opened the FIFO";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  nnviz.signal(SIGINT);
  ASSERT_EQ(nnviz.wait(std::chrono::seconds(5)), 130) << nnviz.err();
  EXPECT_NE(nnviz.err().find("interrupted"), std::string::npos) << nnviz.err();
  expect_only({"slow", "err.txt"});
}

TEST_F(HostileInputs, sigterm_while_waiting_for_a_fifo_writer_exits_143) {
  const fs::path lonely = fifo("lonely");  // nobody ever opens it for writing
  Child nnviz({"train", "--data", lonely.string(), "-o", (dir_ / "out.mp4").string()}, dir_ / "err.txt");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  nnviz.signal(SIGTERM);
  ASSERT_EQ(nnviz.wait(std::chrono::seconds(5)), 143) << nnviz.err();
  expect_only({"lonely", "err.txt"});
}

TEST_F(HostileInputs, sigint_while_render_waits_for_a_weights_fifo_or_train_for_a_config_fifo_exits_130) {
  const fs::path weights = fifo("weights");
  Child render({"render", weights.string(), "-o", (dir_ / "out.mp4").string()}, dir_ / "err.txt");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  render.signal(SIGINT);
  ASSERT_EQ(render.wait(std::chrono::seconds(5)), 130) << render.err();
  const fs::path config = fifo("config");
  Child train({"train", "--config", config.string(), "-o", (dir_ / "out.mp4").string()}, dir_ / "err2.txt");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  train.signal(SIGINT);
  ASSERT_EQ(train.wait(std::chrono::seconds(5)), 130) << train.err();
  expect_only({"weights", "config", "err.txt", "err2.txt"});
}

TEST_F(HostileInputs, a_nul_byte_in_a_csv_file_is_a_binary_file_named_in_the_message) {
  write_file(dir_ / "pts.csv", std::string("X0,X1,y\n0,0,0\n1,\0" "2,1\n0,1,0\n", 26));
  const Outcome o = run({"train", "--data", (dir_ / "pts.csv").string(), "--no-video"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("pts.csv"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("a NUL byte: a binary file"), std::string::npos) << o.err;
}

TEST_F(HostileInputs, terminal_escapes_from_a_csv_file_are_shown_quoted) {
  write_file(dir_ / "esc.csv", "X0,X1,y\n0,0,0\n1,\x1b[31mred,1\n");
  const Outcome o = run({"train", "--data", (dir_ / "esc.csv").string(), "--no-video"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err.find('\x1b'), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("'\\x1b[31mred'"), std::string::npos) << o.err;
}

TEST_F(HostileInputs, terminal_escapes_in_a_file_name_are_escaped_in_every_log_line) {
  // Not an error: the info lines of a run that worked ("wrote ...") quote the name too.
  const std::string name = "m\x1b[31m.csv";
  const Outcome o = run({"train", "--epochs", "1", "--no-video", "--metrics", (dir_ / name).string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(fs::exists(dir_ / name));  // the file has the name it was given
  EXPECT_EQ(o.err.find('\x1b'), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("wrote "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("m\\x1b[31m.csv"), std::string::npos) << o.err;
}

TEST_F(HostileInputs, a_header_naming_x0_x1_y_picks_those_columns) {
  write_file(dir_ / "named.csv", "id,Y,x1,X0,comment\n7,0,0.5,-1,a\n8,1,1.5,2,b\n9,0,2.5,3,c\n");
  const Outcome o = run({"dataset", "--data", (dir_ / "named.csv").string(), "-o", "-"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "X0,X1,y\n-1,0.5,0\n2,1.5,1\n3,2.5,0\n");
}

TEST_F(HostileInputs, more_than_three_unnamed_columns_are_refused_with_their_names_and_columns_suggested) {
  write_file(dir_ / "wide.csv", "a,b,c,label\n7,0,0.5,1\n8,1,1.5,0\n");
  const Outcome o = run({"train", "--data", (dir_ / "wide.csv").string(), "--no-video"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("wide.csv"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("a, b, c, label"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("--columns"), std::string::npos) << o.err;
}

TEST_F(HostileInputs, columns_picks_columns_by_name_or_index) {
  write_file(dir_ / "wide.csv", "a,b,c,label\n7,0,0.5,1\n8,1,1.5,0\n9,2,2.5,1\n");
  const Outcome by_name = run({"dataset", "--data", (dir_ / "wide.csv").string(), "--columns", "c,A,label", "-o", "-"});
  ASSERT_EQ(by_name.code, 0) << by_name.err;
  EXPECT_EQ(by_name.out, "X0,X1,y\n0.5,7,1\n1.5,8,0\n2.5,9,1\n");
  const Outcome by_index = run({"dataset", "--data", (dir_ / "wide.csv").string(), "--columns", "2,0,3", "-o", "-"});
  ASSERT_EQ(by_index.code, 0) << by_index.err;
  EXPECT_EQ(by_index.out, by_name.out);
  const Outcome trained = run({"train", "-q", "--data", (dir_ / "wide.csv").string(), "--columns", "2,0,3",
                               "--epochs", "1", "--no-video"});
  EXPECT_EQ(trained.code, 0) << trained.err;
}

TEST_F(HostileInputs, the_dataset_command_output_reads_back_as_it_was) {
  ASSERT_EQ(run({"dataset", "--dataset", "moons", "-o", (dir_ / "a.csv").string()}).code, 0);
  const Outcome again = run({"dataset", "--data", (dir_ / "a.csv").string(), "-o", (dir_ / "b.csv").string()});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(read(dir_ / "a.csv"), read(dir_ / "b.csv"));
}

TEST_F(HostileInputs, huge_csv_coordinates_are_refused_up_front_naming_the_line) {
  write_file(dir_ / "big.csv", "X0,X1,y\n0,0,0\n1,1,1\n1e38,1e38,0\n2,2,1\n");
  const Outcome o = run({"train", "--data", (dir_ / "big.csv").string(), "-o", (dir_ / "out.mp4").string()});
  EXPECT_EQ(o.code, 2) << o.err;
  EXPECT_NE(o.err.find("big.csv:4:1:"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir_ / "out.mp4"));
}

TEST_F(HostileInputs, huge_noise_and_leaky_alpha_are_refused_naming_the_flag) {
  const Outcome noise = run({"train", "--noise", "1e308", "-o", (dir_ / "out.mp4").string()});
  EXPECT_EQ(noise.code, 2) << noise.err;
  EXPECT_NE(noise.err.find("--noise"), std::string::npos) << noise.err;
  const Outcome dataset_noise = run({"dataset", "--noise", "1e308", "-o", (dir_ / "d.csv").string()});
  EXPECT_EQ(dataset_noise.code, 2) << dataset_noise.err;
  const Outcome alpha = run({"train", "--activation", "leaky_relu", "--leaky-alpha", "1e308", "-o",
                             (dir_ / "out.mp4").string()});
  EXPECT_EQ(alpha.code, 2) << alpha.err;
  EXPECT_NE(alpha.err.find("--leaky-alpha"), std::string::npos) << alpha.err;
  EXPECT_FALSE(fs::exists(dir_ / "out.mp4"));
  EXPECT_FALSE(fs::exists(dir_ / "d.csv"));
}

TEST_F(HostileInputs, a_weights_file_holding_1e308_is_refused_naming_the_file) {
  const fs::path weights = dir_ / "w.json";
  ASSERT_EQ(run({"train", "-q", "--epochs", "1", "--no-video", "--save-weights", weights.string()}).code, 0);
  std::string text = read(weights);
  const std::size_t kernel = text.find("\"kernel\":[[");
  ASSERT_NE(kernel, std::string::npos);
  text.insert(kernel + 11, "1e308,");
  const std::size_t comma = text.find(',', kernel + 17);  // drop the old first value
  text.erase(kernel + 17, comma - (kernel + 17) + 1);
  write_file(weights, text);
  const Outcome o = run({"render", weights.string(), "-o", (dir_ / "out.mp4").string()});
  EXPECT_EQ(o.code, 2) << o.err;
  EXPECT_NE(o.err.find("w.json"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir_ / "out.mp4"));
}

TEST_F(HostileInputs, a_byte_order_mark_is_skipped_in_toml_and_json) {
  write_file(dir_ / "bom.toml", "\xEF\xBB\xBF" "epochs = 1\nstop-loss = 0\n");
  const fs::path weights = dir_ / "w.json";
  const Outcome toml = run({"train", "-q", "--config", (dir_ / "bom.toml").string(), "--no-video", "--save-weights",
                            weights.string()});
  ASSERT_EQ(toml.code, 0) << toml.err;
  write_file(weights, "\xEF\xBB\xBF" + read(weights));
  const Outcome json = run({"render", "-q", weights.string(), "-o", (dir_ / "out.gif").string()});
  EXPECT_EQ(json.code, 0) << json.err;
  write_file(dir_ / "bad.json", "\xEF\xBB\xBF{\"format\": ");
  const Outcome bad = run({"render", (dir_ / "bad.json").string(), "-o", (dir_ / "bad.gif").string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err.find("\xEF\xBB\xBF"), std::string::npos) << bad.err;
}

TEST_F(HostileInputs, a_fractional_toml_count_says_it_must_be_a_whole_number) {
  write_file(dir_ / "e.toml", "epochs = 1.5\n");
  const Outcome o = run({"train", "--config", (dir_ / "e.toml").string(), "--no-video"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("e.toml"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("whole number"), std::string::npos) << o.err;
  write_file(dir_ / "e.toml", "epochs = 1e3\n");
  const Outcome exponent = run({"train", "--config", (dir_ / "e.toml").string(), "--no-video"});
  EXPECT_EQ(exponent.code, 2);
  EXPECT_NE(exponent.err.find("digits only"), std::string::npos) << exponent.err;
  write_file(dir_ / "e.toml", "lr = \n");
  const Outcome empty = run({"train", "--config", (dir_ / "e.toml").string(), "--no-video"});
  EXPECT_EQ(empty.code, 2);
  EXPECT_NE(empty.err.find("lr = '': has no value"), std::string::npos) << empty.err;
}

TEST_F(HostileInputs, control_characters_in_a_toml_value_are_shown_quoted_in_full) {
  write_file(dir_ / "nul.toml", std::string("epochs = \"1\0" "2\x1b[0m\"\n", 17));
  const Outcome o = run({"train", "--config", (dir_ / "nul.toml").string(), "--no-video"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("nul.toml"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("1\\x002\\x1b[0m"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find('\x1b'), std::string::npos) << o.err;
}

}  // namespace
