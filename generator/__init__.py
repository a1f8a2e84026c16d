"""annotated-reader: a static site generator for annotated news reading."""

__version__ = "0.1.0"
