"""``python -m dicomconstruct.index SRC... -o OUT``: the ``dicomconstruct index`` command."""

import sys

from .cli import main

sys.exit(main())
