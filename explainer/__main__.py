"""`python -m explainer` runs the same command line as `lumbar-explainer`."""

import sys

from explainer.cli import main

sys.exit(main())
