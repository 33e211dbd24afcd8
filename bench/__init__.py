"""The benchmark harness of issue 12: `python -m bench` (see bench/README.md)."""
