"""hyoka's tests: a package, so that `tests/samples/` is `tests.samples`, never the repository's `samples`."""
