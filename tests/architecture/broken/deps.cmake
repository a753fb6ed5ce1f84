# A tree whose data module includes render without linking it, and links model without using it.
foreach(m util model train run scene render encode app sweep cli)
  set(nnviz_deps_${m} "")
endforeach()
set(nnviz_deps_data "model")
