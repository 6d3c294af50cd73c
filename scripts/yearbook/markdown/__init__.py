"""Markdown in and HTML out: our reference grammar (a Python-Markdown extension) and the
body HTML allow-list. Shared by ``yearbook check`` and the build."""
