import sys

from .codebook import main

sys.exit(main())
