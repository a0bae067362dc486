"""`python -m fazhi_writer` runs the command line."""

from .cli import main

main()
