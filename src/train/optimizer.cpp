#include "nnviz/train/optimizer.hpp"

#include <cmath>
#include <utility>

#include "nnviz/util/error.hpp"

// Update rules of the tf.keras 2.x optimizers (tensorflow/python/keras/optimizer_v2/*.py, TF
// 2.3-2.10, the "legacy" optimizers of TF >= 2.11) and the TF training kernels they call
// (tensorflow/core/kernels/training_ops.cc: ApplyAdam, ApplyKerasMomentum, ApplyRMSProp,
// ApplyAdagradV2, ApplyAdadelta, ApplyAdaMax). t is the 1-based iteration. Slots start at zero
// unless said otherwise. Every parameter (kernels and biases alike) gets the same rule.
namespace nnviz::train {
namespace {

using Flat = Eigen::Map<Eigen::ArrayXd>;             // one parameter tensor, flattened
using ConstFlat = Eigen::Map<const Eigen::ArrayXd>;  // its gradient, same length

// Owns per-parameter slots (first moments, accumulators...) and walks every parameter of the
// network in a fixed order: layer by layer, kernel then bias.
class SlotOptimizer : public Optimizer {
 public:
  SlotOptimizer(int slot_count, std::vector<double> slot_initial)
      : slot_count_(slot_count), slot_initial_(std::move(slot_initial)) {}

  void step(model::Network& net, const model::Gradients& grads) final {
    const std::size_t layers = net.layers.size();
    if (grads.dW.size() != layers || grads.db.size() != layers) throw Error("optimizer: gradients do not match the network");
    if (slots_.empty()) {
      for (const model::Dense& layer : net.layers) {
        add_slots(layer.W.size());
        add_slots(layer.b.size());
      }
    }
    if (slots_.size() != 2 * layers) throw Error("optimizer: stepped with a differently shaped network");
    ++iterations_;
    begin_step(static_cast<double>(iterations_));
    for (std::size_t i = 0; i < layers; ++i) {
      model::Dense& layer = net.layers[i];
      if (grads.dW[i].rows() != layer.W.rows() || grads.dW[i].cols() != layer.W.cols() ||
          grads.db[i].size() != layer.b.size() || slots_[2 * i].front().size() != layer.W.size()) {
        throw Error("optimizer: gradient or slot shape differs from layer " + std::to_string(i));
      }
      update(Flat(layer.W.data(), layer.W.size()), ConstFlat(grads.dW[i].data(), grads.dW[i].size()), slots_[2 * i]);
      update(Flat(layer.b.data(), layer.b.size()), ConstFlat(grads.db[i].data(), grads.db[i].size()), slots_[2 * i + 1]);
    }
  }

 protected:
  // Once per step, before any parameter: per-step scalars (bias corrections, schedules).
  virtual void begin_step(double t) = 0;
  virtual void update(Flat w, ConstFlat g, std::vector<Eigen::ArrayXd>& slots) = 0;

 private:
  void add_slots(Eigen::Index size) {
    std::vector<Eigen::ArrayXd> s;
    for (int k = 0; k < slot_count_; ++k) s.push_back(Eigen::ArrayXd::Constant(size, slot_initial_[static_cast<std::size_t>(k)]));
    slots_.push_back(std::move(s));
  }

  int slot_count_;
  std::vector<double> slot_initial_;
  std::vector<std::vector<Eigen::ArrayXd>> slots_;  // per parameter tensor, per slot
  long long iterations_ = 0;
};

// adam.py + ApplyAdam: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
// lr_t = lr sqrt(1-b2^t) / (1-b1^t); w -= lr_t m / (sqrt(v) + eps).
// amsgrad (adam.py, amsgrad branch): vhat = max(vhat, v); w -= lr_t m / (sqrt(vhat) + eps).
// eps sits outside the bias correction, unlike the paper and TF.js (which divide by
// sqrt(v/(1-b2^t)) + eps); the difference is visible in the first steps when v is tiny.
class Adam final : public SlotOptimizer {
 public:
  Adam(double lr, bool amsgrad) : SlotOptimizer(3, {0.0, 0.0, 0.0}), lr_(lr), amsgrad_(amsgrad) {}

 private:
  static constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-7;
  void begin_step(double t) override { lr_t_ = lr_ * std::sqrt(1.0 - std::pow(b2, t)) / (1.0 - std::pow(b1, t)); }
  void update(Flat w, ConstFlat g, std::vector<Eigen::ArrayXd>& s) override {
    Eigen::ArrayXd& m = s[0];
    Eigen::ArrayXd& v = s[1];
    Eigen::ArrayXd& vhat = s[2];
    m = b1 * m + (1.0 - b1) * g;
    v = b2 * v + (1.0 - b2) * g.square();
    if (amsgrad_) {
      vhat = vhat.max(v);
      w -= lr_t_ * m / (vhat.sqrt() + eps);
    } else {
      w -= lr_t_ * m / (v.sqrt() + eps);
    }
  }
  double lr_;
  bool amsgrad_;
  double lr_t_ = 0.0;
};

// gradient_descent.py + ApplyKerasMomentum: momentum 0: w -= lr g. Otherwise
// a = momentum a - lr g; w += a, or with nesterov w += momentum a - lr g.
class Sgd final : public SlotOptimizer {
 public:
  Sgd(double lr, double momentum, bool nesterov)
      : SlotOptimizer(1, {0.0}), lr_(lr), momentum_(momentum), nesterov_(nesterov) {}

 private:
  void begin_step(double) override {}
  void update(Flat w, ConstFlat g, std::vector<Eigen::ArrayXd>& s) override {
    if (momentum_ == 0.0) {
      w -= lr_ * g;
      return;
    }
    Eigen::ArrayXd& a = s[0];
    a = momentum_ * a - lr_ * g;
    if (nesterov_) {
      w += momentum_ * a - lr_ * g;
    } else {
      w += a;
    }
  }
  double lr_, momentum_;
  bool nesterov_;
};

// rmsprop.py (centered=False), rho 0.9, eps 1e-7, rms starts at 0:
// without momentum (python branch): rms = rho rms + (1-rho) g^2; w -= lr g / (sqrt(rms) + eps).
// with momentum (ApplyRMSProp): rms as above; mom = momentum mom + lr g / sqrt(rms + eps);
// w -= mom. Note eps moves inside the square root in that branch, as in TF.
class RmsProp final : public SlotOptimizer {
 public:
  RmsProp(double lr, double momentum) : SlotOptimizer(2, {0.0, 0.0}), lr_(lr), momentum_(momentum) {}

 private:
  static constexpr double rho = 0.9, eps = 1e-7;
  void begin_step(double) override {}
  void update(Flat w, ConstFlat g, std::vector<Eigen::ArrayXd>& s) override {
    Eigen::ArrayXd& rms = s[0];
    Eigen::ArrayXd& mom = s[1];
    rms = rho * rms + (1.0 - rho) * g.square();
    if (momentum_ > 0.0) {
      mom = momentum_ * mom + lr_ * g / (rms + eps).sqrt();
      w -= mom;
    } else {
      w -= lr_ * g / (rms.sqrt() + eps);
    }
  }
  double lr_, momentum_;
};

// adagrad.py + ApplyAdagradV2: accumulator starts at 0.1; acc += g^2; w -= lr g / (sqrt(acc) + eps).
class Adagrad final : public SlotOptimizer {
 public:
  explicit Adagrad(double lr) : SlotOptimizer(1, {0.1}), lr_(lr) {}

 private:
  static constexpr double eps = 1e-7;
  void begin_step(double) override {}
  void update(Flat w, ConstFlat g, std::vector<Eigen::ArrayXd>& s) override {
    Eigen::ArrayXd& acc = s[0];
    acc += g.square();
    w -= lr_ * g / (acc.sqrt() + eps);
  }
  double lr_;
};

// adadelta.py + ApplyAdadelta, rho 0.95, eps 1e-7 (Keras' default lr is 0.001; we use ours):
// acc = rho acc + (1-rho) g^2; u = sqrt(acc_u + eps) / sqrt(acc + eps) g; w -= lr u;
// acc_u = rho acc_u + (1-rho) u^2.
class Adadelta final : public SlotOptimizer {
 public:
  explicit Adadelta(double lr) : SlotOptimizer(2, {0.0, 0.0}), lr_(lr) {}

 private:
  static constexpr double rho = 0.95, eps = 1e-7;
  void begin_step(double) override {}
  void update(Flat w, ConstFlat g, std::vector<Eigen::ArrayXd>& s) override {
    Eigen::ArrayXd& acc = s[0];
    Eigen::ArrayXd& acc_update = s[1];
    acc = rho * acc + (1.0 - rho) * g.square();
    const Eigen::ArrayXd u = (acc_update + eps).sqrt() / (acc + eps).sqrt() * g;  // (size)
    w -= lr_ * u;
    acc_update = rho * acc_update + (1.0 - rho) * u.square();
  }
  double lr_;
};

// adamax.py + ApplyAdaMax: m = b1 m + (1-b1) g; u = max(b2 u, |g|); w -= lr/(1-b1^t) m / (u + eps).
class Adamax final : public SlotOptimizer {
 public:
  explicit Adamax(double lr) : SlotOptimizer(2, {0.0, 0.0}), lr_(lr) {}

 private:
  static constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-7;
  void begin_step(double t) override { lr_t_ = lr_ / (1.0 - std::pow(b1, t)); }
  void update(Flat w, ConstFlat g, std::vector<Eigen::ArrayXd>& s) override {
    Eigen::ArrayXd& m = s[0];
    Eigen::ArrayXd& u = s[1];
    m = b1 * m + (1.0 - b1) * g;
    u = (b2 * u).max(g.abs());
    w -= lr_t_ * m / (u + eps);
  }
  double lr_;
  double lr_t_ = 0.0;
};

// nadam.py (Dozat 2016 with Keras' momentum schedule, b1 .9, b2 .999, eps 1e-7):
// mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)), mu_t1 = b1 (1 - 0.5 * 0.96^(0.004 (t+1)));
// sched_t = sched_{t-1} mu_t (sched_0 = 1), sched_next = sched_t mu_t1;
// g' = g / (1 - sched_t); m = b1 m + (1-b1) g; m' = m / (1 - sched_next);
// v = b2 v + (1-b2) g^2; v' = v / (1 - b2^t); mbar = (1 - mu_t) g' + mu_t1 m';
// w -= lr mbar / (sqrt(v') + eps).
class Nadam final : public SlotOptimizer {
 public:
  explicit Nadam(double lr) : SlotOptimizer(2, {0.0, 0.0}), lr_(lr) {}

 private:
  static constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-7;
  void begin_step(double t) override {
    mu_t_ = b1 * (1.0 - 0.5 * std::pow(0.96, 0.004 * t));
    mu_t1_ = b1 * (1.0 - 0.5 * std::pow(0.96, 0.004 * (t + 1.0)));
    schedule_ *= mu_t_;  // m_schedule: one product for the whole model, advanced once per step
    schedule_next_ = schedule_ * mu_t1_;
    v_correction_ = 1.0 - std::pow(b2, t);
  }
  void update(Flat w, ConstFlat g, std::vector<Eigen::ArrayXd>& s) override {
    Eigen::ArrayXd& m = s[0];
    Eigen::ArrayXd& v = s[1];
    const Eigen::ArrayXd g_prime = g / (1.0 - schedule_);  // (size)
    m = b1 * m + (1.0 - b1) * g;
    const Eigen::ArrayXd m_prime = m / (1.0 - schedule_next_);  // (size)
    v = b2 * v + (1.0 - b2) * g.square();
    const Eigen::ArrayXd v_prime = v / v_correction_;                              // (size)
    const Eigen::ArrayXd m_bar = (1.0 - mu_t_) * g_prime + mu_t1_ * m_prime;        // (size)
    w -= lr_ * m_bar / (v_prime.sqrt() + eps);
  }
  double lr_;
  double schedule_ = 1.0;
  double schedule_next_ = 1.0;
  double mu_t_ = 0.0, mu_t1_ = 0.0, v_correction_ = 1.0;
};

}  // namespace

const util::NameTable<OptimizerKind>& optimizer_table() {
  static const util::NameTable<OptimizerKind> table("optimizer", "optimizer",
                                                    {
                                                        {OptimizerKind::adam, "adam"},
                                                        {OptimizerKind::sgd, "sgd"},
                                                        {OptimizerKind::rmsprop, "rmsprop"},
                                                        {OptimizerKind::adagrad, "adagrad"},
                                                        {OptimizerKind::adadelta, "adadelta"},
                                                        {OptimizerKind::adamax, "adamax"},
                                                        {OptimizerKind::nadam, "nadam"},
                                                    });
  return table;
}

OptimizerKind parse_optimizer(const std::string& name) { return optimizer_table().parse(name); }

std::string optimizer_name(OptimizerKind kind) { return optimizer_table().name(kind); }

const std::vector<std::string>& optimizer_names() { return optimizer_table().names(); }

void validate(const OptimizerConfig& config) {
  if (!(std::isfinite(config.lr) && config.lr > 0.0)) {
    throw UsageError("lr", "the learning rate must be a finite number > 0 (got " + std::to_string(config.lr) + ")");
  }
  // Keras rejects momentum outside [0, 1]; 1 never forgets, so we require < 1.
  if (!(std::isfinite(config.momentum) && config.momentum >= 0.0 && config.momentum < 1.0)) {
    throw UsageError("momentum", "the momentum must be in [0, 1) (got " + std::to_string(config.momentum) + ")");
  }
}

std::unique_ptr<Optimizer> Optimizer::make(const OptimizerConfig& config) {
  validate(config);
  switch (config.kind) {
    case OptimizerKind::adam: return std::make_unique<Adam>(config.lr, config.amsgrad);
    case OptimizerKind::sgd: return std::make_unique<Sgd>(config.lr, config.momentum, config.nesterov);
    case OptimizerKind::rmsprop: return std::make_unique<RmsProp>(config.lr, config.momentum);
    case OptimizerKind::adagrad: return std::make_unique<Adagrad>(config.lr);
    case OptimizerKind::adadelta: return std::make_unique<Adadelta>(config.lr);
    case OptimizerKind::adamax: return std::make_unique<Adamax>(config.lr);
    case OptimizerKind::nadam: return std::make_unique<Nadam>(config.lr);
  }
  throw Error("unhandled optimizer kind");
}

}  // namespace nnviz::train
