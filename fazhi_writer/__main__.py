"""`python -m fazhi_writer` runs the command line."""

from .entry import main

main()
