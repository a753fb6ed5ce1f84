// A data module source that reaches up into render and into Cairo: the check must refuse both.
#include <cairo.h>

#include "nnviz/render/renderer.hpp"
