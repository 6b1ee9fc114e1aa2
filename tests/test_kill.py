"""A build killed with SIGKILL at any moment leaves the previous dist/ as it was, and the next build works.

Each test runs `python -m pipeline build` as a subprocess over a corpus of invented
articles (long enough for the build to last several seconds), kills it during
start-up, extraction, the later stages (resolution, mapping, validation) and
publishing, then checks that dist/ is byte-identical to the one before, that its
SHA256SUMS are valid, and that the next build succeeds. The incremental cache is
checked from the outside: after crashed builds over changed articles, a cached
build must publish exactly what a build without cache publishes.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

EPOCH = "1767225600"

FIRST = ["Claire", "Marc", "Jeanne", "Paul", "Sophie", "Luc", "Hélène", "Yves", "Agnès", "Olivier"]
LAST = ["Dubois", "Lefèvre", "Moreau", "Garnier", "Rousseau", "Fontaine", "Chevalier", "Perrin", "Marchand",
        "Lemaire"]
ORGS = ["la société Nuagix", "le groupe Cumulus", "la société Stratus", "le groupe Altocloud", "la société Nimbus",
        "le groupe Cirrus", "la société Brumaire", "le groupe Datavent", "la société Orageo", "le groupe Azurite"]
CITIES = ["Lyon", "Rennes", "Toulouse", "Lille", "Nantes", "Grenoble", "Strasbourg", "Montpellier"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "septembre", "octobre", "novembre"]
SENTENCES = [
    "{p}, présidente de {o}, a annoncé un investissement de {n} millions d'euros à {c}.",
    "{o} a été fondée en {y} par {p} et {q}.",
    "« Nous voulons héberger les données publiques en France », a déclaré {p}, directeur général de {o}.",
    "Selon un communiqué publié le {d} {m} {y}, {o} ouvre un site à {c}.",
    "L'État apporte {n} millions d'euros au projet, dont {k} % pour {o}.",
    "{p} quitte la direction de {o2} pour rejoindre {o} à {c}.",
    "{o} et {o2} ont signé un partenariat pour construire un centre de données à {c}.",
    "Le ministre de l'Industrie a reçu {p} et {q} le {d} {m} {y} pour parler du cloud.",
    "Selon {q}, le marché de l'hébergement croît de {k} % par an.",
    "{o2} rejoint le consortium mené par {o}, qui compte désormais {k} membres.",
]


def _capitalize(sentence: str) -> str:
    sentence = sentence.replace(" de le ", " du ").replace(" à le ", " au ")
    return sentence[0].upper() + sentence[1:]


def article_text(index: int, version: int = 1) -> str:
    """An invented article: its number picks names and templates, its version changes a few words."""
    rng = random.Random(index * 1000 + version)
    lines = [f"Le nuage français, épisode {index} à {rng.choice(CITIES)}", ""]
    for _ in range(rng.randint(14, 22)):
        template = rng.choice(SENTENCES)
        o, o2 = rng.sample(ORGS, 2)
        lines.append(_capitalize(template.format(
            p=f"{rng.choice(FIRST)} {rng.choice(LAST)}", q=f"{rng.choice(FIRST)} {rng.choice(LAST)}", o=o, o2=o2,
            c=rng.choice(CITIES), n=rng.randint(2, 300), k=rng.randint(2, 60), y=rng.randint(2005, 2020),
            d=rng.randint(1, 28), m=rng.choice(MONTHS))))
        if rng.random() < 0.3:
            lines.append("")
    return "\n".join(lines) + "\n"


def write_corpus(directory: Path, count: int = 20, changed: frozenset[int] = frozenset()) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for path in directory.glob("*.txt"):
        path.unlink()
    for i in range(count):
        (directory / f"article-{i:02d}.txt").write_text(article_text(i, 2 if i in changed else 1), encoding="utf-8")


def snapshot(directory: Path) -> dict[str, str]:
    """File name -> SHA-256 of every file of a dist/ directory."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def assert_checksums_valid(dist: Path) -> None:
    lines = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert lines
    listed = set()
    for line in lines:
        digest, name = line.split("  ")
        listed.add(name)
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest, name
    assert listed == {p.name for p in dist.iterdir()} - {"SHA256SUMS"}


@dataclass
class Build:
    """A `python -m pipeline build` subprocess whose progress is read from its stderr."""

    args: list[str]
    process: subprocess.Popen = field(init=False)
    output: list[str] = field(default_factory=list)
    extracted: int = 0
    total: int = 0

    def __post_init__(self) -> None:
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SOUVERAIN_PROGRESS": "1", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", *self.args],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """tqdm redraws its bar with \\r: split on it to see each 'k/N' as it happens."""
        assert self.process.stderr is not None
        buffer = b""
        while chunk := self.process.stderr.read1(4096):  # type: ignore[attr-defined]
            buffer += chunk
            *parts, buffer = buffer.replace(b"\r", b"\n").split(b"\n")
            for part in parts:
                line = part.decode("utf-8", "replace")
                self.output.append(line)
                if "extracting" in line and "/" in line:
                    done, _, total = line.split("|")[-1].strip().split(" ")[0].partition("/")
                    if done.isdigit() and total.isdigit():
                        self.extracted, self.total = int(done), int(total)

    def wait_until(self, condition, poll: float = 0.002) -> bool:
        """Wait for condition() while the build runs; False when the build ended first."""
        while self.process.poll() is None:
            if condition():
                return True
            time.sleep(poll)
        return False

    def kill(self) -> int | None:
        """SIGKILL; returns the exit code if the build had already finished."""
        finished = self.process.poll()
        if finished is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        return finished

    def finish(self) -> None:
        code = self.process.wait()
        assert code == 0, "\n".join(self.output[-30:])


def staging_dirs(dist: Path) -> list[Path]:
    return sorted(dist.parent.glob(f".{dist.name}.building-*"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A corpus and a first, complete build of it: the dist/ every kill must leave intact."""
    root = tmp_path_factory.mktemp("kill")
    paths = {"input": root / "in", "dist": root / "out" / "dist", "cache": root / "cache"}
    write_corpus(paths["input"])
    Build(["--input", str(paths["input"]), "--out", str(paths["dist"]), "--cache-dir", str(paths["cache"])]).finish()
    return paths


CHANGED = frozenset({1, 7, 13})


@pytest.fixture(scope="module")
def changed_dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The complete build of the changed corpus: what dist/ must be if a kill lands after the
    swap, while the build is still cleaning up (the only other state allowed besides the old one)."""
    root = tmp_path_factory.mktemp("kill-changed")
    write_corpus(root / "in", changed=CHANGED)
    Build(["--input", str(root / "in"), "--out", str(root / "dist"), "--cache-dir", str(root / "cache"),
           "--no-cache"]).finish()
    return snapshot(root / "dist")


def _args(ws: dict[str, Path]) -> list[str]:
    return ["--input", str(ws["input"]), "--out", str(ws["dist"]), "--cache-dir", str(ws["cache"])]


# Where to kill: a condition on the running build, then a random extra delay (seconds).
MOMENTS = {
    "start-up": (lambda b, ws: True, (0.2, 4.0)),
    "extraction": (lambda b, ws: b.extracted >= 1, (0.0, 1.5)),
    "after-extraction": (lambda b, ws: b.total > 0 and b.extracted >= b.total, (0.0, 2.0)),
    "publishing": (lambda b, ws: bool(staging_dirs(ws["dist"])), (0.0, 0.05)),
}


def test_the_new_dist_a_kill_may_leave_is_the_complete_build(tmp_path: Path, changed_dist: dict[str, str]) -> None:
    """The other state the kill test allows is what an uninterrupted build of the changed
    corpus publishes, wherever its input and output are."""
    write_corpus(tmp_path / "articles", changed=CHANGED)
    Build(["--input", str(tmp_path / "articles"), "--out", str(tmp_path / "published"), "--cache-dir",
           str(tmp_path / "c")]).finish()
    assert snapshot(tmp_path / "published") == changed_dist


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_killed_build_leaves_the_previous_dist_intact(workspace: dict[str, Path], changed_dist: dict[str, str],
                                                     moment: str) -> None:
    dist = workspace["dist"]
    before = snapshot(dist)
    # change a few articles so that the killed build would publish something different
    write_corpus(workspace["input"], changed=CHANGED)
    condition, (low, high) = MOMENTS[moment]
    rng = random.Random(moment)
    # uncached, so that every phase lasts long enough to be hit (the cache has its own tests below)
    build = Build(_args(workspace) + ["--no-cache"])
    reached = build.wait_until(lambda: condition(build, workspace))
    time.sleep(rng.uniform(low, high))
    finished = build.kill()
    assert reached, f"the build ended before {moment}: " + "\n".join(build.output[-20:])
    if finished is None:
        # killed mid-build: the old dist/ exactly as it was, or (killed after the swap, while the
        # build was still cleaning up) exactly the new one; never a mixture
        assert snapshot(dist) in (before, changed_dist), moment
    else:  # the random delay outlived the build: then the new dist/ must be complete
        assert finished == 0
    assert_checksums_valid(dist)
    write_corpus(workspace["input"])


def test_next_build_after_kills_succeeds_and_cleans_up(workspace: dict[str, Path]) -> None:
    build = Build(_args(workspace))
    build.finish()
    assert_checksums_valid(workspace["dist"])
    assert not staging_dirs(workspace["dist"]), "half-written staging directories of killed builds are left behind"


def test_cache_survives_crashes_without_serving_stale_entries(tmp_path: Path) -> None:
    """Crashed builds over changed articles, then a cached build: it must publish what a build
    without cache publishes (byte for byte, SOURCE_DATE_EPOCH fixed)."""
    inputs, cache = tmp_path / "in", tmp_path / "cache"
    cached, fresh = tmp_path / "cached" / "dist", tmp_path / "fresh" / "dist"
    write_corpus(inputs, count=8)
    Build(["--input", str(inputs), "--out", str(cached), "--cache-dir", str(cache)]).finish()
    changed = frozenset({0, 3, 5})
    write_corpus(inputs, count=8, changed=changed)
    for wanted in (1, 2):  # kill while the changed articles' entries are being written
        build = Build(["--input", str(inputs), "--out", str(cached), "--cache-dir", str(cache)])
        build.wait_until(lambda b=build, w=wanted: b.extracted >= w)
        build.kill()
    write_corpus(inputs, count=8, changed=changed - {3})  # one article goes back to its first text
    Build(["--input", str(inputs), "--out", str(cached), "--cache-dir", str(cache)]).finish()
    Build(["--input", str(inputs), "--out", str(fresh), "--cache-dir", str(tmp_path / "other"), "--no-cache"]).finish()
    assert snapshot(cached) == snapshot(fresh)
    assert_checksums_valid(cached)
    shutil.rmtree(tmp_path / "fresh")


def test_cache_entries_left_broken_by_a_crash_are_misses(tmp_path: Path) -> None:
    """What a crash or a lost write can leave in the cache (truncated or empty entries, stray
    temporary files) is never served: the next extraction equals one without cache."""
    from pipeline.cache import ExtractionCache
    from pipeline.ingest import read_article
    from pipeline.reference import load_reference, ruler_patterns
    from pipeline.runner import run_extraction

    write_corpus(tmp_path / "in", count=3)
    articles = [read_article(p) for p in sorted((tmp_path / "in").glob("*.txt"))]
    patterns = ruler_patterns(load_reference((), cache_dir=tmp_path / "ref"))
    model = "fr_core_news_md"
    cache = ExtractionCache(tmp_path / "cache", model=model, patterns=patterns)
    expected = run_extraction(articles, model=model, patterns=patterns, cache=cache)
    entries = sorted((tmp_path / "cache").rglob("*.pickle"))
    assert len(entries) == 3
    entries[0].write_bytes(entries[0].read_bytes()[: len(entries[0].read_bytes()) // 2])
    entries[1].write_bytes(b"")
    (entries[2].parent / ".tmp-killed").write_bytes(b"\x80\x05half")
    again = ExtractionCache(tmp_path / "cache", model=model, patterns=patterns)
    results = run_extraction(articles, model=model, patterns=patterns, cache=again)
    assert again.stats.hits == 1 and again.stats.corrupt == 2
    assert [(r.mentions, r.facts) for r in results] == [(r.mentions, r.facts) for r in expected]
    third = ExtractionCache(tmp_path / "cache", model=model, patterns=patterns)
    run_extraction(articles, model=model, patterns=patterns, cache=third)
    assert third.stats.hits == 3  # the broken entries were rewritten
