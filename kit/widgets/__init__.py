"""ipywidgets front ends over the kit's functions (thin layers; logic lives elsewhere)."""
