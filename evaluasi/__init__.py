"""evaluasi: post-training impact evaluation for Indonesian civil-service training agencies."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("evaluasi")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
