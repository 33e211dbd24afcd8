"""`python -m hyoka` and the `hyoka` script: the command line."""

from hyoka.startup import loading


def main() -> None:
    with loading():  # the command line's libraries: pandas, pandera, typer
        from hyoka.pipeline.cli import app
    app()


if __name__ == "__main__":
    main()
