"""`python -m bot ARGS`: Rasa's own command line (`run`, `shell`, `test`, `train` ...) on patched Rasa."""

import sys

from rasa.__main__ import main

from bot import rasa_patches

if __name__ == "__main__":
    rasa_patches.apply()
    sys.argv[0] = "rasa"
    main()
