"""Benchmark of the cost and usage reports against a naive pandas approach (not a test).

    python -m reporting demo --scale large --db /tmp/large.duckdb     # ~2.5 min, once
    python benchmarks/bench_reports.py --db /tmp/large.duckdb [--repeat 5] [--no-naive] [--no-apptest]

Same as ``python -m reporting bench``; see reporting/commands/bench.py for what is timed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reporting.commands import bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=bench.HELP)
    bench.add_arguments(parser)
    return bench.run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
