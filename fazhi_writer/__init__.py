"""fazhi-write: draft a bureau's annual 法治政府建设 report from a YAML facts file."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """Return __version__ on demand: importlib.metadata costs ~30 ms at every start-up."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fazhi-write")
    except PackageNotFoundError:  # running from a checkout without install
        return "0.0.0"


__all__ = ["__version__"]
