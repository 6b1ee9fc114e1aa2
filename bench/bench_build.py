"""Benchmark: the whole build against a bare `nlp.pipe` on synthetic corpora, and its scaling figures.

Why: issue 6 sets targets (build <= 1.25 x bare nlp.pipe; --jobs 2 >= 1.7 x
faster and byte-identical; 10 x the articles <= 11 x the time; peak RSS < 2 GB
at 10,000 articles; rebuild after editing one article <= 5 % of a full build).
This script prints each figure; it asserts nothing (a slow machine is not a bug).

Each build runs in its own process (`python -m pipeline build`), so its peak RSS
is its own; with --jobs the workers' peak is reported too.

Usage: python bench/bench_build.py [--articles 1000 [10000]] [--jobs 2] [--profile] [--lean] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_corpus import generate  # noqa: E402

from pipeline.config import SPACY_MODEL  # noqa: E402

EPOCH = "1767225600"


def bare_pipe(article_dir: Path, model: str) -> tuple[float, float, int]:
    """Seconds to load the model, seconds of nlp.pipe over the (cleaned) texts, words."""
    code = (
        "import sys, time, spacy\n"
        "from pathlib import Path\n"
        "from pipeline.ingest import read_articles\n"
        "texts = [a.text for a in read_articles(Path(sys.argv[1]))]\n"
        "t = time.perf_counter(); nlp = spacy.load(sys.argv[2]); load = time.perf_counter() - t\n"
        "t = time.perf_counter(); n = sum(1 for _ in nlp.pipe(texts)); pipe = time.perf_counter() - t\n"
        "print(load, pipe, sum(len(x.split()) for x in texts))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(article_dir), model], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def run_build(article_dir: Path, reference: Path, out: Path, cache: Path, *, jobs: int = 1,
              incremental: bool = True, profile: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, the build process or its largest worker) of one build."""
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "pipeline", "build", "--input", str(article_dir), "--out", str(out), "--cache-dir", str(cache),
                "--reference", str(reference), "--jobs", str(jobs)]
    if not incremental:
        command.append("--no-cache")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed ({' '.join(command)}):\n{stderr[-3000:]}")
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak = max(usage.ru_maxrss, workers if workers > before else 0)
    return elapsed, peak / 1024


def same_dumps(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir())
    return names == sorted(p.name for p in b.iterdir()) and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names)


def edit_one(article_dir: Path) -> Path:
    """Append a sentence to the middle article (a reporter's correction)."""
    files = sorted(article_dir.glob("*.txt"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8").rstrip("\n")
    target.write_text(text + "\nCorrectif : le montant a été précisé par la rédaction.\n", encoding="utf-8")
    return target


def print_profile(path: Path) -> None:
    import pstats

    stats = pstats.Stats(str(path))
    total = max(row[3] for row in stats.stats.values())  # type: ignore[attr-defined]
    wanted = {
        "run_extraction": "extraction (spaCy + mentions + facts)",
        "__call__ (language.py)": "  of which spaCy nlp()",
        "find_mentions": "  of which find_mentions",
        "extract_facts": "  of which extract_facts",
        "propagate_names": "name propagation",
        "resolve": "resolution + linking",
        "map_triples": "mapping to RDF (a set of triples)",
        "validate_lines": "SHACL validation (pyshacl-turbo)",
        "nquad_lines": "triples -> sorted N-Quads lines",
        "finish": "publishing the dumps (Publication.finish)",
        "_write_jsonld": "  of which JSON-LD",
        "load_reference": "loading the reference",
        "build_nlp": "loading spaCy + ruler patterns",
    }
    seen: dict[str, float] = {}
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        key = name if name != "__call__" else f"__call__ ({Path(filename).name})"
        if key in wanted and "pipeline" in filename or key == "__call__ (language.py)":
            seen[key] = max(seen.get(key, 0.0), row[3])
    print(f"  profile of one --jobs 1 build (cProfile, {total:.1f} s under the profiler):")
    for key, label in wanted.items():
        if key in seen:
            print(f"    {label:<42} {seen[key]:8.1f} s  {100 * seen[key] / total:5.1f} %")


def bench_lean(size: int, jobs: int, root: Path, baseline: bool = True) -> float:
    """Only what the growth figures need: the bare pipe, one cold --jobs build, one edit-and-rebuild."""
    print(f"\n== {size:,} synthetic articles (lean: --jobs {jobs} only) ==")
    article_dir, reference = generate(root / f"corpus-{size}", size)
    load, pipe = 0.0, 0.0
    if baseline:
        load, pipe, words = bare_pipe(article_dir, SPACY_MODEL)
        print(f"  bare nlp.pipe (1 process): {pipe:.1f} s for {words:,} words ({words / pipe:,.0f} words/s; "
              f"+ {load:.1f} s model load)")
    cache = root / f"cache-{size}-lean"
    full, peak = run_build(article_dir, reference, root / f"dist-{size}-lean", cache, jobs=jobs)
    ratio = f" = {full / (pipe + load):.2f} x bare nlp.pipe+load on one core" if baseline else ""
    print(f"  build --jobs {jobs} (cold cache): {full:.1f} s{ratio}; peak RSS {peak:,.0f} MB")
    edited = edit_one(article_dir)
    incremental, _ = run_build(article_dir, reference, root / f"dist-{size}-lean-inc", cache, jobs=jobs)
    print(f"  rebuild after editing {edited.name}: {incremental:.1f} s = {100 * incremental / full:.1f} % "
          "of the full build")
    return full


def bench(size: int, jobs: int, profile: bool, root: Path) -> float:
    print(f"\n== {size:,} synthetic articles ==")
    article_dir, reference = generate(root / f"corpus-{size}", size)
    load, pipe, words = bare_pipe(article_dir, SPACY_MODEL)
    print(f"  bare nlp.pipe: {pipe:.1f} s for {words:,} words ({words / pipe:,.0f} words/s; "
          f"+ {load:.1f} s model load)")
    cache = root / f"cache-{size}"
    full, peak = run_build(article_dir, reference, root / f"dist-{size}-j1", cache)
    print(f"  build --jobs 1 (cold cache): {full:.1f} s = {full / (pipe + load):.2f} x bare nlp.pipe+load "
          f"({full / pipe:.2f} x nlp.pipe alone); peak RSS {peak:,.0f} MB")
    if jobs > 1:
        parallel, peak_j = run_build(article_dir, reference, root / f"dist-{size}-j{jobs}", root / f"cache-{size}-j",
                                     jobs=jobs)
        identical = same_dumps(root / f"dist-{size}-j1", root / f"dist-{size}-j{jobs}")
        print(f"  build --jobs {jobs}: {parallel:.1f} s, speed-up {full / parallel:.2f} x; "
              f"dumps byte-identical: {identical}; peak RSS {peak_j:,.0f} MB")
    warm, _ = run_build(article_dir, reference, root / f"dist-{size}-warm", cache)
    print(f"  rebuild, nothing changed: {warm:.1f} s = {100 * warm / full:.1f} % of the full build")
    edited = edit_one(article_dir)
    incremental, _ = run_build(article_dir, reference, root / f"dist-{size}-inc", cache)
    print(f"  rebuild after editing {edited.name}: {incremental:.1f} s = {100 * incremental / full:.1f} % "
          "of the full build")
    scratch, _ = run_build(article_dir, reference, root / f"dist-{size}-scratch", root / f"cache-{size}-scratch",
                           incremental=False)
    print(f"  incremental output equals a full --no-cache build: "
          f"{same_dumps(root / f'dist-{size}-inc', root / f'dist-{size}-scratch')}")
    if profile:
        # one slice, so that the profile stays small (a whole 200-article build once wrote 17 GB)
        sliced = _slice(article_dir, root / f"slice-{size}", PROFILED_ARTICLES)
        path = root / f"build-{size}.prof"
        run_build(sliced, reference, root / f"dist-{size}-prof", root / f"cache-{size}-prof",
                  incremental=False, profile=path)
        print(f"  (profiled: the first {PROFILED_ARTICLES} articles, {path.stat().st_size / 1e6:.1f} MB of profile)")
        print_profile(path)
    return full


PROFILED_ARTICLES = 60


def _slice(article_dir: Path, out: Path, count: int) -> Path:
    """The first `count` articles of a corpus (with their sidecar files) in a directory of their own."""
    out.mkdir(parents=True, exist_ok=True)
    stems = sorted({p.name.split(".", 1)[0] for p in article_dir.iterdir()})[:count]
    for path in article_dir.iterdir():
        if path.name.split(".", 1)[0] in stems:
            (out / path.name).write_bytes(path.read_bytes())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000], help="corpus sizes, e.g. 1000 10000")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel build (default 2)")
    parser.add_argument("--profile", action="store_true",
                        help=f"also profile one --jobs 1 build of the first {PROFILED_ARTICLES} articles "
                             "and print where time goes")
    parser.add_argument("--lean", action="store_true",
                        help="per size only the bare pipe, one cold --jobs build and one rebuild after an edit "
                             "(what the growth ratio and peak memory need; a 10,000-article full run takes hours)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="with --lean: skip the bare nlp.pipe run (its figure from an earlier run stands)")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        print(f"cores: {os.cpu_count()}; model {SPACY_MODEL}; work dir {root}")
        if args.lean:
            times = [(size, bench_lean(size, args.jobs, root, not args.no_baseline)) for size in args.articles]
        else:
            times = [(size, bench(size, args.jobs, args.profile, root)) for size in args.articles]
        for (small, t_small), (big, t_big) in zip(times, times[1:], strict=False):
            print(f"\ngrowth: {big:,} articles take {t_big / t_small:.2f} x the time of {small:,} "
                  f"(linear would be {big / small:.0f} x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
