import sys

from statgraph.cli import main

sys.exit(main())
