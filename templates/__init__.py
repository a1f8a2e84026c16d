"""The built-in templates and site assets, installed as the package `generator.templates`.

This folder is the one source of the markup: pyproject.toml maps it into the package, so a
wheel carries it and `generator.theme` finds it with importlib.resources wherever the
package is installed. Nothing here is Python but this file, which makes it a package.
"""
