"""``python -m okrbook``: the same as the ``okrbook`` command."""

import sys

from okrbook.cli import main

sys.exit(main())
