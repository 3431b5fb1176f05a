"""Stand-ins for the XLSX reader process (reporting.ingest.xlsx_worker), run by
tests/test_import_hostile.py to prove the limits the parent and the child put on it:
``STUB_MODE=sleep`` never finishes (the parent must kill it at its wall-clock limit and say
so); ``STUB_MODE=allocate`` asks for more memory than its address-space limit allows, under the
real worker's main() (which sets the limit and must turn the MemoryError into a message).
``STUB_PID`` names a file the stub writes its process id to."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from reporting.ingest import xlsx_worker


def _allocate(req):
    return {"headers": [str(len(bytearray(4 << 30)))]}


def main() -> int:
    Path(os.environ["STUB_PID"]).write_text(str(os.getpid()))
    if os.environ["STUB_MODE"] == "sleep":
        time.sleep(3600)
        return 0
    xlsx_worker.read = _allocate
    return xlsx_worker.main()


if __name__ == "__main__":
    sys.exit(main())
