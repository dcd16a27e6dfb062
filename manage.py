#!/usr/bin/env python
"""Django's command-line utility; `tongxin` is the same thing installed as a console script."""
import sys

from tongxin.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
