"""The accuracy gate: evaluate the fixed dev subsets named in bench/floors.json.

    .venv/bin/python bench/gate.py            # print every gated figure against its floor
    .venv/bin/python bench/gate.py --raise    # also raise floors to the figures reached now
    .venv/bin/python bench/gate.py --markdown # the figures as table rows for bench/RESULTS.md

An entry is named after its dev file, or names the file in "file" and selects records with an
"ids" regular expression (muc4 TST: the messages the shipped MUC-4 models never saw).
Floors are only ever raised here (error measures such as `median_error_km` are ceilings, only
ever lowered). Lowering one is a deliberate edit of floors.json whose
commit message says why. `tests/test_accuracy_gate.py` runs the same subsets in CI and fails
when a figure falls more than TOLERANCE below its floor.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tocsin.evaluate.result import Measure

REPO = Path(__file__).resolve().parents[1]
FLOORS = REPO / "bench" / "floors.json"
DEV = REPO.parent / "shared" / "eval" / "dev"


def load_floors() -> dict[str, Any]:
    with open(FLOORS, encoding="utf-8") as f:
        return dict(json.load(f))


def figures(name: str, spec: dict[str, Any]) -> dict[str, Measure]:
    """Return every measure reached on the gate subset of one dev file."""
    from tocsin.evaluate.runner import evaluate_file

    result = evaluate_file(
        DEV / spec.get("file", name), sample=spec.get("sample"), ids=spec.get("ids")
    )
    return {m.name: m for m in result.measures if m.value is not None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raise", dest="raise_floors", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="print figures as table rows")
    parser.add_argument("files", nargs="*", help="only these dev files (default: all gated)")
    args = parser.parse_args()
    floors = load_floors()
    # A dev file may be named by path; "muc4.jsonl" picks every entry of that file.
    wanted = {Path(f).name for f in args.files}
    unknown = wanted - {name.split()[0] for name in floors}
    if unknown:
        parser.error(f"not gated: {', '.join(sorted(unknown))} (see bench/floors.json)")
    failed = False
    for name, spec in floors.items():
        if wanted and name.split()[0] not in wanted:
            continue
        started = time.perf_counter()
        got = figures(name, spec)
        seconds = time.perf_counter() - started
        subset = f"sample {spec.get('sample') or 'all'}"
        if "ids" in spec:
            subset = f"ids /{spec['ids']}/"
        if not args.markdown:
            print(f"== {name} ({subset}, {seconds:.0f} s)")
        for measure_name, measure in sorted(got.items()):
            value = measure.value
            assert value is not None  # figures() keeps measured values only
            bound = spec["floors"].get(measure_name)
            flag = ""
            if bound is not None and measure.misses(bound):
                flag, failed = "  WORSE THAN BOUND", True
            lower = measure.lower_is_better
            kind = "ceiling" if lower else "floor"
            shown = bound if bound is not None else "-"
            if args.markdown:
                print(f"| {name} | {subset} | {measure_name} | {value:.3f} | {measure.n} |")
            else:
                print(f"  {measure_name:<40} {value:7.3f}   {kind} {shown}{flag}")
            better = bound is None or (value < bound if lower else value > bound)
            if args.raise_floors and better:
                spec["floors"][measure_name] = round(value, 3)
    if args.raise_floors:
        FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
