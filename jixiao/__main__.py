"""`python -m jixiao`: the same as the `jixiao` command."""

import sys

from jixiao.cli import main

sys.exit(main())
