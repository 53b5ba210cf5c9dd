"""qa-checker: check micro-credential proposals against Canadian quality frameworks."""

__version__ = "0.2.0"
