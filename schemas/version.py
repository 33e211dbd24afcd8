"""The version of hyoka that writes the output (recorded in every `documents` row and report)."""

from importlib.metadata import PackageNotFoundError, version

try:
    HYOKA_VERSION = version("hyoka")
except PackageNotFoundError:  # running from a checkout that was not installed
    HYOKA_VERSION = "0.0.0+unknown"
