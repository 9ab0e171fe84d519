"""What reading a run's results costs a researcher: results.csv with pandas, the same
table as binary NumPy columns, and the Python module with no file at all. The figures
behind benchmarks/README.md's "Output" section (why carecast has no binary format).

Usage: PYTHONPATH=build/python /usr/bin/python3 benchmarks/read_results.py RUN_FOLDER
(RUN_FOLDER from `carecast run --out RUN_FOLDER` on the embedded England baseline).
"""

import os
import sys
import tempfile
import time

import numpy as np
import pandas as pd

import carecast

CATEGORIES = {"area": "category", "role": "category", "metric": "category"}


def best_of(times, work):
    """The fastest of `times` calls (the VM's neighbours only ever slow a call down)."""
    fastest = float("inf")
    result = None
    for _ in range(times):
        started = time.perf_counter()
        result = work()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest, result


def main():
    path = os.path.join(sys.argv[1], "results.csv")
    size_mb = os.path.getsize(path) / 1e6
    seconds, table = best_of(3, lambda: pd.read_csv(path, dtype=CATEGORIES))
    print(f"results.csv: {size_mb:.1f} MB, {len(table)} rows")
    print(f"pandas read_csv (categories): {seconds:.3f} s, "
          f"{table.memory_usage(deep=True).sum() / 1e6:.0f} MB in memory")
    with tempfile.TemporaryDirectory() as folder:
        columns = os.path.join(folder, "results.npz")
        np.savez(columns, month=table.month.to_numpy(np.int16),
                 area=table.area.cat.codes.to_numpy(), role=table.role.cat.codes.to_numpy(),
                 metric=table.metric.cat.codes.to_numpy(), value=table.value.to_numpy())
        seconds, _ = best_of(3, lambda: dict(np.load(columns)))
        print(f"the same columns as NumPy binary: {os.path.getsize(columns) / 1e6:.1f} MB, "
              f"read in {seconds:.3f} s")
    seconds, results = best_of(2, lambda: carecast.run(years=10, seed=20250401))
    print(f"carecast.run (no file): {seconds:.2f} s")
    # The first call builds the frame; later calls may return what it kept.
    seconds, frame = best_of(1, results.to_pandas)
    print(f"results.to_pandas(), first call: {seconds:.3f} s, {len(frame)} rows")


if __name__ == "__main__":
    main()
