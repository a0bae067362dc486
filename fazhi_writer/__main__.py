"""`python -m fazhi_writer` runs the command line."""

from .commands.entry import main

main()
