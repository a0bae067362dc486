"""fazhi-write: draft a bureau's annual 法治政府建设 report from a YAML facts file."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fazhi-write")
except PackageNotFoundError:  # running from a checkout without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
