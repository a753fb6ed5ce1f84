#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/log.h>
}

#include "nnviz/encode/encoder.hpp"

namespace nnviz::encode {
namespace {

// libav's log level and callback are process-wide: this test sets them as main would.
TEST(libav_log, goes_through_spdlog_and_keeps_warnings_and_worse) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
  auto previous = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>("test", sink);
  logger->set_level(spdlog::level::trace);
  spdlog::set_default_logger(logger);

  quiet_libav_logs(false);
  EXPECT_EQ(av_log_get_level(), AV_LOG_WARNING);
  av_log(nullptr, AV_LOG_ERROR, "broken %d\n", 42);
  av_log(nullptr, AV_LOG_INFO, "chatty\n");  // below the level: dropped
  const std::vector<std::string> lines = sink->last_formatted();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("libav: broken 42"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("warn"), std::string::npos) << lines[0];

  quiet_libav_logs(true);
  EXPECT_EQ(av_log_get_level(), AV_LOG_INFO);
  av_log(nullptr, AV_LOG_INFO, "chatty\n");
  EXPECT_EQ(sink->last_formatted().size(), 2u);

  spdlog::set_default_logger(previous);
  av_log_set_callback(av_log_default_callback);
  av_log_set_level(AV_LOG_INFO);
}

}  // namespace
}  // namespace nnviz::encode
