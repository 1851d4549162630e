"""A small TensorFlow-compatible tensor and autodiff engine on NumPy."""
