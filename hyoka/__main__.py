"""`python -m hyoka`: the command line, as the `hyoka` script."""

from hyoka.pipeline.cli import app

app()
