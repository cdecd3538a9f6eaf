"""Gazetteer timings: index build seconds, lookups per second, peak RSS.

Run: .venv/bin/python bench/gazetteer.py   (builds into a temporary cache dir, ~10 s)
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TOCSIN_CACHE_DIR"] = tmp
        from tocsin.resolve import gazetteer as gz

        t0 = time.perf_counter()
        gaz = gz.load_gazetteer()
        build = time.perf_counter() - t0
        size = Path(gz.index_path()).stat().st_size
        names = ["Krasnogorsk", "Moscow", "Kharkov", "San Salvador", "Paris", "Texas", "Turkish",
                 "Logar Province", "Edmonton", "London", "Springfield", "Qwxzzyville"]
        keys = [gz.normalize(name) for name in names]
        t0 = time.perf_counter()
        for _ in range(500):
            gaz._cache.clear()  # every lookup goes to SQLite: what a new name costs
            for key in keys:
                gaz.lookup_key(key)
        cold = 500 * len(keys) / (time.perf_counter() - t0)
        n = 0
        t0 = time.perf_counter()
        for i in range(2000):
            for key in keys:
                gaz.lookup_key(f"{key} {i}")  # names no place has
                n += 1
        miss = n / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _ in range(20000):
            for name in names:
                gaz.lookup(name)
        warm = 20000 * len(names) / (time.perf_counter() - t0)
        rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"build_seconds {build:.1f}")
        print(f"index_mb {size / 1e6:.1f}")
        print(f"lookups_per_second_uncached {cold:,.0f}")
        print(f"lookups_per_second_unknown_names {miss:,.0f}")
        print(f"lookups_per_second_cached {warm:,.0f}")
        print(f"peak_rss_mb {rss_kb / 1024:.0f}")
        gaz.close()


if __name__ == "__main__":
    sys.exit(main())
