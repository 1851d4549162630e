# IPython/kernel defaults for the course image (sys.prefix/etc/ipython).
c = get_config()  # noqa: F821
# Inline matplotlib figures as PNG (small notebooks, render everywhere).
c.InlineBackend.figure_formats = {"png"}
