// What read_csv refuses to swallow: binary files, endless or huge inputs (FIFOs made here, never
// /dev), coordinates beyond the bound; and that it honours the interrupt flag while it waits.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "nnviz/data/csv.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace {
namespace fs = std::filesystem;
using nnviz::UsageError;
using nnviz::data::parse_csv;
using nnviz::data::read_csv;

std::string parse_error(const std::string& text) {
  try {
    parse_csv(text, "pts.csv");
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a UsageError";
  return {};
}

class CsvInput : public testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);
    dir_ = fs::temp_directory_path() / ("nnviz-csv-input-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path fifo() const {
    const fs::path p = dir_ / "fifo";
    EXPECT_EQ(::mkfifo(p.c_str(), 0600), 0) << std::strerror(errno);
    return p;
  }
  fs::path dir_;
};

// Writes `chunk` into the FIFO again and again until the reader leaves or the test ends.
class Feeder {
 public:
  Feeder(const fs::path& path, std::string chunk)
      : thread_([this, path, chunk = std::move(chunk)] {
          int fd = -1;
          while (fd < 0 && !stop_) {
            fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
          if (fd < 0) return;
          ::fcntl(fd, F_SETFL, 0);
          while (!stop_ && ::write(fd, chunk.data(), chunk.size()) >= 0) {
          }
          ::close(fd);
        }) {}
  ~Feeder() {
    stop_ = true;
    thread_.join();
  }
  Feeder(const Feeder&) = delete;
  Feeder& operator=(const Feeder&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(csv_input, a_nul_byte_is_a_binary_file_naming_its_line) {
  EXPECT_EQ(parse_error(std::string("X0,X1,y\n0,0,0\n1,\0" "2,1\n", 19)),
            "pts.csv: line 3 holds a NUL byte: a binary file, not CSV text");
}

TEST(csv_input, rows_past_the_limit_are_refused) {
  std::string text = "X0,X1,y\n";
  for (std::size_t i = 0; i <= nnviz::data::max_csv_rows; ++i) text += i % 2 == 0 ? "0,0,0\n" : "1,1,1\n";
  EXPECT_EQ(parse_error(text), "pts.csv:1000002:1: more than 1000000 rows: the most a dataset may have");
  text.resize(text.size() - 6);  // exactly the limit
  EXPECT_EQ(parse_csv(text, "pts.csv").size(), static_cast<Eigen::Index>(nnviz::data::max_csv_rows));
}

TEST(csv_input, a_line_past_1_mib_is_refused) {
  EXPECT_EQ(parse_error("X0,X1,y\n" + std::string(nnviz::data::max_csv_line_bytes + 1, '1')),
            "pts.csv: line 2 is longer than 1 MiB (the most a line may hold): not a CSV file?");
}

TEST(csv_input, coordinates_are_bounded_by_1e6) {
  EXPECT_EQ(parse_csv("X0,X1,y\n1e6,-1e6,0\n0,0,1\n", "pts.csv").X(0, 1), -1e6);
  EXPECT_EQ(parse_error("X0,X1,y\n0,0,0\n1,-1000000.5,1\n"),
            "pts.csv:3:2: '-1000000.5' is too large: coordinates are at most 1e6 in magnitude (scale the data)");
  EXPECT_EQ(parse_error("X0,X1,y\n1e38,0,0\n0,0,1\n"),
            "pts.csv:2:1: '1e38' is too large: coordinates are at most 1e6 in magnitude (scale the data)");
}

TEST(csv_input, control_characters_of_the_file_are_escaped_in_messages) {
  EXPECT_EQ(parse_error("X0,X1,y\n0,0,0\n\x1b]0;pwned\x07,1,1\n"), "pts.csv:3:1: '\\x1b]0;pwned\\x07' is not a number");
}

TEST(csv_input, a_byte_order_mark_and_crlf_are_accepted) {
  EXPECT_EQ(parse_csv("\xEF\xBB\xBFX0,X1,y\r\n0,0,0\r\n1,1,1\r\n", "pts.csv").size(), 2);
}

TEST(csv_input, lone_cr_line_ends_are_line_ends_counted_once_with_crlf) {
  EXPECT_EQ(parse_csv("X0,X1,y\r0,0,0\r1,1,1\r", "pts.csv").size(), 2);  // old Mac spreadsheets
  EXPECT_EQ(parse_error("X0,X1,y\r\n0,0,0\r\n\r\n1,1,x\r\n"), "pts.csv:4:3: label 'x' is not 0 or 1");
  EXPECT_EQ(parse_error("X0,X1,y\r\r0,0,0\r1,1,x\n"), "pts.csv:4:3: label 'x' is not 0 or 1");
}

TEST_F(CsvInput, a_fifo_is_read_as_it_comes) {
  const fs::path path = fifo();
  std::thread writer([&] {
    const int fd = ::open(path.c_str(), O_WRONLY);
    for (const char* part : {"X0,X1", ",y\r", "\n0,0,", "0\r", "\n1,1,1", "\r\n"}) {
      ::write(fd, part, std::strlen(part));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::close(fd);
  });
  EXPECT_EQ(read_csv(path).size(), 2);
  writer.join();
}

TEST_F(CsvInput, an_endless_fifo_of_blank_lines_stops_at_1_gib) {
  const fs::path path = fifo();
  Feeder feeder(path, std::string((1 << 16) - 1, ' ') + "\n");  // blank lines, 64 KiB each
  try {
    read_csv(path);
    ADD_FAILURE() << "read an endless FIFO to its end";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": larger than 1 GiB (the most nnviz reads of a CSV file)");
  }
}

TEST_F(CsvInput, the_interrupt_flag_stops_a_read_waiting_for_a_writer) {
  const fs::path path = fifo();  // nobody writes: the read waits
  nnviz::util::InterruptFlag flag;
  std::thread raiser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    flag.raise(SIGINT);
  });
  try {
    read_csv(path, {}, &flag);
    ADD_FAILURE() << "returned without data";
  } catch (const nnviz::Interrupted& e) {
    EXPECT_EQ(e.exit_code(), 130);
    EXPECT_EQ(std::string(e.what()), "interrupted while reading " + path.string() + ": nothing was written");
  }
  raiser.join();
}

TEST_F(CsvInput, the_interrupt_flag_stops_a_read_of_endless_rows) {
  const fs::path path = fifo();
  Feeder feeder(path, "\n\n\n\n");  // slow to reach 1 GiB in 4-byte writes
  nnviz::util::InterruptFlag flag;
  std::thread raiser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    flag.raise(SIGTERM);
  });
  EXPECT_THROW(read_csv(path, {}, &flag), nnviz::Interrupted);
  raiser.join();
}

TEST_F(CsvInput, a_directory_is_refused_by_name) {
  try {
    read_csv(dir_);
    ADD_FAILURE();
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), dir_.string() + ": is a directory, not a CSV file");
  }
}

}  // namespace
