#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "nnviz/train/checkpoint.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::train {

// An open, already unlinked temporary file: closed when the last checkpoint written to it goes.
class SpillFile {
 public:
  explicit SpillFile(std::filesystem::path folder) : folder_(std::move(folder)) {
    const std::string dir = folder_.string();
#ifdef O_TMPFILE
    fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);  // never has a name
#endif
    if (fd_ < 0) {
      // No O_TMPFILE there (some file systems): a named file, unlinked at once.
      std::string name = (folder_ / "nnviz-checkpoints-XXXXXX").string();
      fd_ = ::mkostemp(name.data(), O_CLOEXEC);
      if (fd_ < 0) fail("cannot create a temporary file for the checkpoints in", errno);
      ::unlink(name.c_str());
    }
  }
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  ~SpillFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  [[nodiscard]] std::uint64_t size() const { return end_; }
  // Reserves `bytes` at the end of the file: their offset.
  std::uint64_t reserve(std::uint64_t bytes) {
    const std::uint64_t at = end_;
    end_ += bytes;
    return at;
  }

  void write(const double* data, std::size_t count, std::uint64_t offset) const {
    const char* p = reinterpret_cast<const char*>(data);
    std::size_t left = count * sizeof(double);
    while (left > 0) {
      const ssize_t n = ::pwrite(fd_, p, left, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail("cannot write the checkpoints' temporary file in", n < 0 ? errno : ENOSPC);
      p += n;
      left -= static_cast<std::size_t>(n);
      offset += static_cast<std::uint64_t>(n);
    }
  }

  void read(double* data, std::size_t count, std::uint64_t offset) const {
    char* p = reinterpret_cast<char*>(data);
    std::size_t left = count * sizeof(double);
    while (left > 0) {
      const ssize_t n = ::pread(fd_, p, left, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("cannot read the checkpoints' temporary file in", errno);
      if (n == 0) throw Error("internal: the checkpoints' temporary file in " + folder_.string() + " is short");
      p += n;
      left -= static_cast<std::size_t>(n);
      offset += static_cast<std::uint64_t>(n);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what, int error) const {
    throw Error(what + " " + folder_.string() + ": " + std::strerror(error) +
                " (a run's frames past its memory budget keep their weights there; set TMPDIR to a folder "
                "with more room)");
  }

  std::filesystem::path folder_;
  int fd_ = -1;
  std::uint64_t end_ = 0;  // guarded by the store's mutex
};

// A network in memory, or its shapes and where its values are in a SpillFile (each layer's
// kernel, column-major as Eigen keeps it, then its bias).
class StoredWeights {
 public:
  explicit StoredWeights(model::Network network) : network_(std::move(network)) {}
  StoredWeights(const model::Network& shape, std::shared_ptr<const SpillFile> file, std::uint64_t offset)
      : file_(std::move(file)), offset_(offset) {
    network_.hidden_activations = shape.hidden_activations;
    for (const model::Dense& d : shape.layers) shapes_.push_back({d.W.rows(), d.W.cols()});
  }

  [[nodiscard]] bool spilled() const { return file_ != nullptr; }

  [[nodiscard]] model::Network network() const {
    if (!file_) return network_;
    model::Network net;
    net.hidden_activations = network_.hidden_activations;
    net.layers.resize(shapes_.size());
    std::uint64_t at = offset_;
    for (std::size_t l = 0; l < shapes_.size(); ++l) {
      model::Dense& d = net.layers[l];
      d.W.resize(shapes_[l].first, shapes_[l].second);
      d.b.resize(shapes_[l].second);
      file_->read(d.W.data(), static_cast<std::size_t>(d.W.size()), at);
      at += static_cast<std::uint64_t>(d.W.size()) * sizeof(double);
      file_->read(d.b.data(), static_cast<std::size_t>(d.b.size()), at);
      at += static_cast<std::uint64_t>(d.b.size()) * sizeof(double);
    }
    return net;
  }

 private:
  model::Network network_;  // the whole network, or (spilled) only its activations
  std::vector<std::pair<Eigen::Index, Eigen::Index>> shapes_;  // spilled: each kernel's (in, out)
  std::shared_ptr<const SpillFile> file_;
  std::uint64_t offset_ = 0;
};

namespace {

std::uint64_t weight_bytes(const model::Network& network) {
  std::uint64_t n = 0;
  for (const model::Dense& d : network.layers) n += static_cast<std::uint64_t>(d.W.size() + d.b.size());
  return n * sizeof(double);
}

std::filesystem::path temp_folder() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir) : std::filesystem::path("/tmp");
}

}  // namespace

CheckpointStore::CheckpointStore(std::uint64_t budget_bytes, std::filesystem::path folder)
    : budget_(budget_bytes), folder_(folder.empty() ? temp_folder() : std::move(folder)) {}

CheckpointStore::~CheckpointStore() = default;

std::shared_ptr<const StoredWeights> CheckpointStore::keep(const model::Network& network) {
  {
    const std::lock_guard lock(mutex_);
    const std::uint64_t bytes = weight_bytes(network);
    if (resident_ + bytes <= budget_) {
      resident_ += bytes;
      return std::make_shared<const StoredWeights>(network);
    }
  }
  return keep_spilled(network);
}

std::shared_ptr<const StoredWeights> CheckpointStore::keep(model::Network&& network) {
  {
    const std::lock_guard lock(mutex_);
    const std::uint64_t bytes = weight_bytes(network);
    if (resident_ + bytes <= budget_) {
      resident_ += bytes;
      return std::make_shared<const StoredWeights>(std::move(network));
    }
  }
  return keep_spilled(network);
}

std::shared_ptr<const StoredWeights> CheckpointStore::keep_spilled(const model::Network& network) {
  const std::lock_guard lock(mutex_);
  if (!file_) file_ = std::make_shared<SpillFile>(folder_);
  const std::uint64_t offset = file_->reserve(weight_bytes(network));
  std::uint64_t at = offset;
  for (const model::Dense& d : network.layers) {
    file_->write(d.W.data(), static_cast<std::size_t>(d.W.size()), at);
    at += static_cast<std::uint64_t>(d.W.size()) * sizeof(double);
    file_->write(d.b.data(), static_cast<std::size_t>(d.b.size()), at);
    at += static_cast<std::uint64_t>(d.b.size()) * sizeof(double);
  }
  ++spilled_count_;
  return std::make_shared<const StoredWeights>(network, file_, offset);
}

std::uint64_t CheckpointStore::resident_bytes() const {
  const std::lock_guard lock(mutex_);
  return resident_;
}

std::uint64_t CheckpointStore::spilled_bytes() const {
  const std::lock_guard lock(mutex_);
  return file_ ? file_->size() : 0;
}

std::size_t CheckpointStore::spilled_count() const {
  const std::lock_guard lock(mutex_);
  return spilled_count_;
}

Checkpoint::Checkpoint(Metrics m, model::Network network)
    : metrics(std::move(m)), weights_(std::make_shared<const StoredWeights>(std::move(network))) {}

Checkpoint::Checkpoint(Metrics m, std::shared_ptr<const StoredWeights> weights)
    : metrics(std::move(m)), weights_(std::move(weights)) {}

model::Network Checkpoint::network() const { return weights_ ? weights_->network() : model::Network{}; }

void Checkpoint::set_network(model::Network network) {
  weights_ = std::make_shared<const StoredWeights>(std::move(network));
}

bool Checkpoint::spilled() const { return weights_ && weights_->spilled(); }

}  // namespace nnviz::train
