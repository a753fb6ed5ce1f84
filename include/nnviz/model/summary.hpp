#pragma once
// The model summary as tf.keras 2.x prints it (model.summary()).
#include <string>

#include "nnviz/model/network.hpp"

namespace nnviz::model {

// Layers named dense, dense_1, ... with output shapes (None, units) and parameter counts; the
// activation is part of each Dense layer, as in the notebook's Sequential model.
std::string keras_summary(const Network& net);

}  // namespace nnviz::model
