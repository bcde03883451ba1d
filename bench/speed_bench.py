"""Speed on CPU: cold and warm checks, time per stage, NLI pairs/s, long documents, peak memory.

    python bench/speed_bench.py --shared ../shared --baseline main

Everything is measured in one run on the machine at hand, with `--threads` torch threads:
- cold: `contrast check --format json` of the example in a fresh process (start to report);
- warm: `check()` of the example and of long documents (the fnc-dev bodies, then further FNC-1 bodies
  from `nli/fnc1_stance.test.jsonl`, until each reaches its word count) with models loaded, and the
  time of each stage from the result's `timing`;
- NLI: candidate pairs per second through `link_claims` (`score_pairs` before it) against a plain
  transformers loop (both directions of every pair, batches of 32 in pair order, padded to the batch's
  longest);
- peak memory: a fresh process that loads the models and checks the 10k-word document;
- quality: the shared scorer on the example and on fnc-dev, from reports of this run.

With `--baseline REV` (a git revision, exported to a temporary folder), every warm and cold timing
is taken from both versions in turn, so speed-ups are ratios measured seconds apart on the same,
possibly busy, machine; their disputes are compared too. Writes bench/results/speed.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "efe-2023-09-19-karabakh.txt"
WORDS = (1_000, 3_000, 10_000, 30_000)
MEMORY_WORDS = 10_000
NLI_WORDS = 1_000
REPEATS = 3
PLAIN_BATCH = 32
CPU_FLAGS = ("avx2", "avx512f", "avx512_bf16", "amx_bf16", "amx_tile")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    parser.add_argument("--baseline", help="a git revision to time in turn with this checkout, e.g. main")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--long-repeats", type=int, default=REPEATS, help="repeats of documents up to 10k words")
    parser.add_argument(
        "--words", type=int, nargs="*", default=list(WORDS), help="long-document sizes (first precision)"
    )
    parser.add_argument("--precision", nargs="*", default=None, help="default: fp32, and bf16 where native")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.precision[0], args.threads)
        return
    from contrast.nli.precision import native_bf16_cpu

    precisions = args.precision or (["fp32", "bf16"] if native_bf16_cpu() else ["fp32"])
    with tempfile.TemporaryDirectory(prefix="speed-bench-") as name:
        _run(args, precisions, Path(name))


def _run(args: argparse.Namespace, precisions: list[str], folder: Path) -> None:
    """Every figure for every precision, saved to bench/results/speed.json as it is measured."""
    documents = _long_documents(args.shared, sorted(set(args.words) | {MEMORY_WORDS, NLI_WORDS}), folder)
    checkouts = {"new": ROOT} | ({"old": _export(args.baseline, folder / "baseline")} if args.baseline else {})
    results: dict = {
        "command": _command(args),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "baseline_commit": _git("rev-parse", "--short", args.baseline) if args.baseline else None,
        "machine": {
            "cpu": _cpu_model(),
            "flags": _cpu_flags(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
        },
        "threads": args.threads,
        "repeats": args.repeats,
        "load_average_start": os.getloadavg(),
        "precisions": {},
    }
    out = ROOT / "bench" / "results" / "speed.json"
    out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        """After every figure, so a run cut short still leaves what it measured."""
        results["load_average_end"] = os.getloadavg()
        out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")

    for index, precision in enumerate(precisions):
        print(f"== {precision}", file=sys.stderr, flush=True)
        figures = results["precisions"][precision] = {}
        # Other precisions time only the example and NLI: the CPU may be shared, and long runs are long.
        words = args.words if index == 0 else []
        _measure(figures, precision, checkouts, documents, words, args, save)
    print(f"wrote {out}", file=sys.stderr)


def _measure(
    figures: dict,
    precision: str,
    checkouts: dict[str, Path],
    documents: dict[int, Path],
    words: list[int],
    args: argparse.Namespace,
    save: Callable[[], None],
) -> None:
    """Cold, warm, NLI and scaling figures for one precision, each checkout in turn, into `figures`."""
    figures |= {"cold": {name: [] for name in checkouts}, "warm": {}, "stages": {}, "scaling": {}}
    figures["same_disputes"] = {}
    for _ in range(args.repeats):
        for name, root in checkouts.items():
            figures["cold"][name].append(_cold(root, precision, args.threads))
    save()
    workers = {name: _Worker(root, precision, args.threads) for name, root in checkouts.items()}
    try:
        for worker in workers.values():
            worker.ask({"check": str(EXAMPLE)})  # warm-up: first calls pay for lazy initialisation
        if words:  # the first precision: the quality figures, from reports of this version
            reports = documents[NLI_WORDS].parent / "reports"
            workers["new"].ask({"reports": str(args.shared / "examples"), "to": str(reports)})
            figures["quality"] = _quality(args.shared, reports)
        figures["nli"] = {name: worker.ask({"nli": str(documents[NLI_WORDS])}) for name, worker in workers.items()}
        figures["nli"]["plain"] = workers["new"].ask({"plain": str(documents[NLI_WORDS])})
        save()
        tasks = [("example", EXAMPLE, args.repeats, list(workers))]
        for size in words:
            # Documents longer than 10k words run once, in this checkout only: minutes each on a busy CPU.
            small = size <= MEMORY_WORDS
            tasks.append(
                (str(size), documents[size], args.long_repeats if small else 1, list(workers) if small else ["new"])
            )
        for key, path, repeats, names in tasks:
            print(f"   {key}", file=sys.stderr, flush=True)
            runs: dict[str, list[dict]] = {name: [] for name in names}
            for repeat in range(repeats):
                for name in names:
                    runs[name].append(workers[name].ask({"check": str(path), "count": repeat == 0}))
            summary = {name: _summary(found) for name, found in runs.items()}
            (figures["warm"] if key == "example" else figures["scaling"])[key] = summary
            figures["stages"][key] = runs["new"][-1]["timing"]
            if "old" in runs:
                figures["same_disputes"][key] = _same(runs["new"][-1]["disputes"], runs["old"][-1]["disputes"])
            if key == str(MEMORY_WORDS):  # the largest document so far: this peak is its peak
                figures["peak_memory_mib"] = {name: workers[name].ask({"rss": True})["peak_rss_mib"] for name in names}
            save()
    finally:
        for worker in workers.values():
            worker.close()


def _summary(runs: list[dict]) -> dict:
    seconds = [run["seconds"] for run in runs]
    return {
        "seconds_median": round(statistics.median(seconds), 3),
        "seconds_min": round(min(seconds), 3),
        "seconds_max": round(max(seconds), 3),
        "words": runs[0]["words"],
        "claims": runs[0]["claims"],
        "pairs": runs[0]["pairs"],
        "dispute_count": len(runs[-1]["disputes"]),
    }


def _same(new: list, old: list) -> bool:
    """The same disputed pairs in the same order, scores equal to 0.001 (logits differ by ~1e-5 with padding)."""
    return len(new) == len(old) and all(
        (a, b) == (c, d) and abs(x - y) <= 0.001 for (a, b, x), (c, d, y) in zip(new, old, strict=True)
    )


def _cold(root: Path, precision: str, threads: int) -> float:
    """Process start to report, for `contrast check` of the example (as a user runs it)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "contrast.cli", "check", "--format", "json", "--precision", precision, str(EXAMPLE)],
        env=_env(root, threads),
        capture_output=True,
        check=True,
    )
    return round(time.perf_counter() - started, 3)


class _Worker:
    """A process of one checkout with models loaded, answering one JSON request per line."""

    def __init__(self, root: Path, precision: str, threads: int) -> None:
        command = [sys.executable, str(Path(__file__).resolve()), "--shared", ".", "--serve"]
        command += ["--precision", precision, "--threads", str(threads)]
        self.process = subprocess.Popen(
            command, env=_env(root, threads), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, request: dict) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"bench worker died on {request}")
        return json.loads(line)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def _env(root: Path, threads: int) -> dict[str, str]:
    return os.environ | {
        "PYTHONPATH": str(root),
        "OMP_NUM_THREADS": str(threads),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }


def _serve(precision: str, threads: int) -> None:
    """Worker side: only names that old checkouts also have (check, load_models, and see `_engine`)."""
    import torch
    from transformers.utils import logging

    try:
        from contrast.report.render import as_json
    except ImportError:  # a checkout from before the report/ package
        from contrast.report import as_json
    try:
        from contrast.pipeline import check, load_models
    except ImportError:  # a checkout from before contrast.check was renamed
        from contrast.check import check, load_models

    logging.disable_progress_bar()
    torch.set_num_threads(threads)
    models = load_models(precision=precision)
    for line in sys.stdin:
        request = json.loads(line)
        if "check" in request:
            started = time.perf_counter()
            result = check([request["check"]], models)
            seconds = time.perf_counter() - started
            answer = {
                "seconds": seconds,
                "timing": getattr(result, "timing", {}),
                "words": sum(len(article.body.split()) for article in result.articles),
                "claims": len(result.claims),
                "pairs": _pair_count(result, models) if request.get("count") else None,
                "disputes": [[p.a, p.b, p.score] for d in result.disputes for p in d.pairs],
            }
        elif "reports" in request:
            answer = _write_reports(Path(request["reports"]), Path(request["to"]), models, as_json, check)
        elif "nli" in request or "plain" in request:
            answer = _nli_speed(Path(request.get("nli") or request["plain"]), models, plain="plain" in request)
        else:
            answer = {"peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
        print(json.dumps(answer), flush=True)


def _pair_count(result, models) -> int:
    """Candidate pairs of this check (recomputed: the result carries only the disputed ones)."""
    embed_claims, find_candidate_pairs, _ = _engine()
    claims = list(result.claims)
    return len(find_candidate_pairs(claims, embed_claims(claims, models.embedder))) if claims else 0


def _write_reports(examples: Path, to: Path, models, as_json, check) -> dict:
    """One JSON report per gold file, named as the shared scorer's --reports expects."""
    golds = sorted(examples.glob("*.gold.json")) + sorted((examples / "fnc-dev" / "gold").glob("*.json"))
    for gold in golds:
        article = json.loads(gold.read_text(encoding="utf-8"))["article"]
        names = article if isinstance(article, list) else [article]
        folder = gold.parent if gold.parent.name != "gold" else gold.parent.parent
        report = as_json(check([str(folder / name) for name in names], models))
        target = to / ("fnc-dev" if gold.parent.name == "gold" else "examples")
        target.mkdir(parents=True, exist_ok=True)
        (target / gold.name).write_text(json.dumps(report), encoding="utf-8")
    return {"reports": len(golds)}


def _engine():
    """The candidate and NLI stages under this checkout's names: the dispute engine's (`link_claims`, NLI
    on contents), or those of a baseline from before it (`contrast.pairing`, `score_pairs`)."""
    try:
        from contrast.disputes import link_claims
        from contrast.disputes.candidates import embed_claims, find_candidate_pairs
    except ImportError:
        from contrast.pairing import embed_claims, find_candidate_pairs

        from contrast.nli import score_pairs as link_claims
    return embed_claims, find_candidate_pairs, link_claims


def _nli_speed(path: Path, models, *, plain: bool) -> dict:
    """Candidate pairs per second: the NLI stage (median of repeats), or a plain transformers loop once."""
    import torch

    from contrast.ingest import read_article
    from contrast.pipeline import extract_claims

    embed_claims, find_candidate_pairs, score_pairs = _engine()

    claims = extract_claims(read_article(str(path)), models.nlp)
    pairs = find_candidate_pairs(claims, embed_claims(claims, models.embedder))
    if plain:
        nli = models.nli
        bf16 = torch.autocast("cpu", dtype=torch.bfloat16, enabled=nli.precision.value == "bf16")
        queries = [(p.a.proposition, p.b.proposition) for p in pairs] + [
            (p.b.proposition, p.a.proposition) for p in pairs
        ]
        started = time.perf_counter()
        with torch.inference_mode(), bf16:
            for start in range(0, len(queries), PLAIN_BATCH):
                batch = queries[start : start + PLAIN_BATCH]
                encoded = nli.tokenizer(*zip(*batch, strict=True), padding=True, truncation=True, return_tensors="pt")
                nli.model(**encoded)
        seconds = [time.perf_counter() - started]
    else:
        score_pairs(pairs[:32], models.nli)
        seconds = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            score_pairs(pairs, models.nli)
            seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    return {"pairs": len(pairs), "seconds_median": round(median, 3), "pairs_per_second": round(len(pairs) / median, 1)}


def _long_documents(shared: Path, sizes: list[int], folder: Path) -> dict[int, Path]:
    """Real news bodies, one a paragraph, in a fixed order: fnc-dev first, then further FNC-1 bodies."""
    bodies = [
        p.read_text(encoding="utf-8").split("\n\n", 1)[1].strip()
        for p in sorted((shared / "examples" / "fnc-dev").glob("*.txt"))
    ]
    seen = set(bodies)
    with (shared / "nli" / "fnc1_stance.test.jsonl").open(encoding="utf-8") as rows:
        for row in rows:
            body = json.loads(row)["premise"].strip()
            if body not in seen:
                seen.add(body)
                bodies.append(body)
    documents = {}
    for size in sizes:
        chosen, words = [], 0
        for body in bodies:
            if words >= size:
                break
            chosen.append(body)
            words += len(body.split())
        path = folder / f"long-{size}.txt"
        path.write_text(f"Long document of {size} words\n\n" + "\n\n".join(chosen) + "\n", encoding="utf-8")
        documents[size] = path
    return documents


def _quality(shared: Path, reports: Path) -> dict:
    """The shared scorer's totals on the reports this run wrote."""
    found = {}
    for name, gold in (("example", shared / "examples"), ("fnc-dev", shared / "examples" / "fnc-dev" / "gold")):
        saved = reports / ("examples" if name == "example" else "fnc-dev")
        score = [sys.executable, str(shared / "tools" / "score.py"), "--gold", str(gold), "--articles", str(gold)]
        scored = subprocess.run([*score, "--reports", str(saved), "--json"], capture_output=True, text=True, check=True)
        found[name] = json.loads(scored.stdout.strip().splitlines()[-1])
    return found


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []:
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _cpu_flags() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.exists():
        return []
    flags = next(
        (line.split(":", 1)[1].split() for line in cpuinfo.read_text().splitlines() if line.startswith("flags")), []
    )
    return [flag for flag in CPU_FLAGS if flag in flags]


def _export(revision: str, folder: Path) -> Path:
    """The tree of `revision` (code and shipped model) in a folder of its own, as it was committed."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _command(args) -> str:
    command = f"python bench/speed_bench.py --shared {args.shared} --threads {args.threads} --repeats {args.repeats}"
    command += f" --long-repeats {args.long_repeats}"
    command += " --words " + " ".join(str(words) for words in args.words)
    if args.precision:
        command += " --precision " + " ".join(args.precision)
    return command + (f" --baseline {args.baseline}" if args.baseline else "")


if __name__ == "__main__":
    main()
