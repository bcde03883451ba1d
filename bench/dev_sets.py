"""Disputes on the dev sets, end to end, with the models loaded once: the shared scorer on every set.

    python bench/dev_sets.py --shared ../shared [--model models/contrast-nli-minilm-l6] [--label NAME]

For each of fnc-dev, fnc-dev2, wire-dev and the example, runs `check()` on every gold file's articles in one
process, saves each report as the CLI's `--format json` would print it, and scores the saved reports with
`tools/score.py --reports`. Writes bench/results/dev-sets-<label>.json. Use it to compare NLI models or engine
changes on all sets at once; `bench/fnc_bench.py` times the CLI as a user runs it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from git_revision import short_commit

from contrast.pipeline import check, load_models
from contrast.report.render import as_json

SETS = ("fnc-dev", "fnc-dev2", "wire-dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    parser.add_argument("--model", help="NLI model [default: the shipped one]")
    parser.add_argument("--label", default="default", help="name of the results file")
    args = parser.parse_args()
    models = load_models(nli=args.model)
    examples = args.shared / "examples"
    results = {
        "command": " ".join(["python", *sys.argv]),
        "commit": short_commit(),
        "label": args.label,
        "model": args.model or "models/contrast-nli-minilm-l6 (the shipped default)",
    }
    for name in (*SETS, "example"):
        folder = examples if name == "example" else examples / name
        gold_dir = folder if name == "example" else folder / "gold"
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as reports:
            for gold_file in sorted(gold_dir.glob("*.json")):
                gold = json.loads(gold_file.read_text(encoding="utf-8"))
                articles = gold["article"] if isinstance(gold["article"], list) else [gold["article"]]
                result = check([str(folder / article) for article in articles], models)
                report = Path(reports) / gold_file.name
                report.write_text(json.dumps(as_json(result)), encoding="utf-8")
            scored = subprocess.run(
                [
                    sys.executable,
                    str(args.shared / "tools" / "score.py"),
                    "--gold",
                    str(gold_dir),
                    "--articles",
                    str(folder),
                    "--reports",
                    reports,
                    "--json",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
        lines = scored.stdout.strip().splitlines()
        results[name] = {"score": json.loads(lines[-1]), "table": lines[:-1], "seconds": time.perf_counter() - started}
        print(name, json.dumps(results[name]["score"]), flush=True)
    out = Path("bench/results") / f"dev-sets-{args.label}.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
