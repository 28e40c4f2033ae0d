"""`make bench`: run the named benchmarks (default: every bench/ module with a main) and write a
combined Markdown table to bench/results.md.

    .venv/bin/python bench/run.py [names…] [options passed to each benchmark, e.g. --points 100000]

Names are the leading arguments that do not start with "-"; everything from the first option on is
handed to each benchmark's main(argv), which returns a dict with a "summary" list of
{method, figure, baseline, ratio}.
"""

import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ is sys.path[0]; the repo root must come first so `bench.*` and the apps import.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench import common  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
NOT_BENCHMARKS = {"__init__", "common", "run"}


def available() -> list[str]:
    names = []
    for path in sorted((ROOT / "bench").glob("*.py")):
        if path.stem in NOT_BENCHMARKS:
            continue
        if callable(getattr(importlib.import_module(f"bench.{path.stem}"), "main", None)):
            names.append(path.stem)
    return names


def split_args(argv: list[str]) -> tuple[list[str], list[str]]:
    names = []
    for i, arg in enumerate(argv):
        if arg.startswith("-"):
            return names, argv[i:]
        names.append(arg)
    return names, []


def write_results(results: list[dict], facts: dict, path: Path = RESULTS):
    rows = [[s["method"], s["figure"], s["baseline"], s["ratio"]] for r in results for s in r["summary"]]
    text = "\n".join(
        [
            "<!-- written by `make bench` (bench/run.py); paste into the README -->",
            common.markdown_table(["method", "figure", "baseline", "ratio"], rows),
            "",
            f"Measured {time.strftime('%Y-%m-%d')} on: " + "; ".join(f"{k} {v}" for k, v in facts.items()) + ".",
            "",
        ]
    )
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> list[dict]:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return []
    common.setup_django()
    names, options = split_args(argv)
    known = available()
    names = names or known
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(known)}")
    results = []
    for name in names:
        print(f"\n=== {name} ===")
        results.append(importlib.import_module(f"bench.{name}").main(list(options)))
    facts = next((r["facts"] for r in results if r.get("facts")), common.machine_facts())
    write_results(results, facts)
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
