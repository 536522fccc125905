"""Run localstripe without its on-disk store.

localstripe saves its whole state to the fixed path ``/tmp/localstripe.pickle``
after every write and loads it at start, so two test workers running their own
servers read each other's half-written files (``EOFError``) and share state.
The tests need neither: each session's server keeps its state in memory.
"""

import sys

from localstripe import resources
from localstripe.server import start


def _no_disk(self) -> None:
    return None


resources.Store.try_load_from_disk = _no_disk
resources.Store.dump_to_disk = _no_disk

if __name__ == "__main__":
    sys.exit(start())
