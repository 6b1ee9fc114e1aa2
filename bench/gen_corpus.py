"""Deterministic synthetic French news articles, for speed and memory benchmarks only.

Why: the build must be measured on a newsroom-sized archive (thousands of
articles) that nobody has to hand over. The articles are written from
templates of the sentence kinds the extractor reads (posts, money, foundings,
memberships, partnerships, quotations) over pools of fictional people and
organizations; the pools come from a generated reference (Wikidata's RDF
shape, fictional QIDs) of a size matching the corpus, written next to the
articles. Every article says it is synthetic (sidecar publisher and a closing
line). The texts measure speed and memory, never extraction quality.

Usage: python bench/gen_corpus.py OUT_DIR [--articles 1000] [--seed 7]
  -> OUT_DIR/articles/synth-00000.txt (+ .meta.yaml), OUT_DIR/reference.nt
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.vocab import RDFS, SKOS, SOV, WD, WDT

SYLLABLES = "ba bel bor ca cor da del dor fa fen ga gal ker la lan lor ma mar mon na nor pa ra ren ro sa sel " \
    "ta ter va val vi zan".split()
FIRST_NAMES = ("Anne", "Bruno", "Claire", "Denis", "Élise", "Fabien", "Hélène", "Julien", "Laure", "Marc",
               "Nadia", "Olivier", "Pascale", "Rémi", "Sophie", "Thomas", "Valérie", "Yann")
ORG_SUFFIXES = ("Cloud", "Systèmes", "Données", "Informatique", "Réseaux", "Numérique")
POSTS = ("PDG", "directeur général", "présidente", "directrice générale", "directeur technique", "président")
CITIES = ("Lyon", "Lille", "Nantes", "Toulouse", "Rennes", "Grenoble", "Bordeaux", "Strasbourg")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre", "octobre", "novembre")
SYNTHETIC_LINE = "(Article synthétique généré automatiquement pour les mesures de performance ; faits fictifs.)"

FILLERS = (
    "Le marché de l'hébergement des données progresse chaque année dans les administrations.",
    "Les collectivités cherchent des offres de stockage installées sur le territoire national.",
    "Plusieurs analystes jugent que la demande des entreprises reste soutenue pour les services en ligne.",
    "Le secteur public représente une part croissante des contrats signés cette année.",
    "La question de la localisation des serveurs revient dans tous les appels d'offres.",
    "Les clients réclament des garanties sur la confidentialité et la réversibilité des contrats.",
    "Les centres de données consomment beaucoup d'électricité, ce qui pèse sur les coûts d'exploitation.",
    "Le nombre d'ingénieurs formés aux infrastructures virtualisées reste insuffisant selon la profession.",
    "Les concurrents étrangers disposent de moyens bien plus importants pour investir dans leurs réseaux.",
    "Le calendrier de déploiement prévoit une ouverture progressive des services au cours des prochains mois.",
)


@dataclass(frozen=True)
class Pools:
    people: list[str]
    orgs: list[str]
    projects: list[str]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def make_pools(articles: int, rng: random.Random) -> Pools:
    """Fictional names, unique, in numbers that grow with the corpus (as a real archive's cast does)."""
    size = max(40, articles // 2)
    people: set[str] = set()
    orgs: set[str] = set()
    projects: set[str] = set()
    while len(people) < size:
        people.add(f"{rng.choice(FIRST_NAMES)} {_word(rng, 3)}")
    while len(orgs) < size:
        orgs.add(f"{_word(rng, 2)} {rng.choice(ORG_SUFFIXES)}")
    while len(projects) < max(8, size // 8):
        projects.add(_word(rng, 3))
    return Pools(sorted(people), sorted(orgs), sorted(projects))


def write_reference(path: Path, pools: Pools) -> None:
    """The pools as Wikidata-shaped N-Triples (fictional QIDs), as a `--reference` file."""
    label, p31, coarse = f"<{RDFS.label}>", f"<{WDT.P31}>", f"<{SOV.coarseType}>"
    alt = f"<{SKOS.altLabel}>"
    lines: list[str] = []
    entries = [(n, "PER", "Q5") for n in pools.people] + [(n, "ORG", "Q4830453") for n in pools.orgs]
    entries += [(n, "MISC", "Q170584") for n in pools.projects]
    for number, (name, kind, cls) in enumerate(entries):
        subject = f"<{WD}Q{900_000_000 + number}>"
        lines.append(f'{subject} {label} "{name}"@fr .')
        lines.append(f"{subject} {p31} <{WD}{cls}> .")
        lines.append(f'{subject} {coarse} "{kind}" .')
        if kind == "ORG":
            lines.append(f'{subject} {alt} "{name.split()[0]}"@fr .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _sentences(rng: random.Random, pools: Pools) -> list[str]:
    """One paragraph's worth of fact sentences, each of a kind the extractor reads."""
    person, other = rng.sample(pools.people, 2)
    org, partner, funder = rng.sample(pools.orgs, 3)
    project = rng.choice(pools.projects)
    amount = rng.choice((5, 12, 20, 35, 48, 75, 150))
    year = rng.randint(2008, 2016)
    month = rng.choice(MONTHS)
    kinds = [
        f"{person}, {rng.choice(POSTS)} de {org}, a présenté mardi la feuille de route du groupe.",
        f"{funder} a apporté {amount} millions d'euros à {org} en {month} {year}.",
        f"{org} a été fondée en {year} par {other} à {rng.choice(CITIES)}.",
        f"« Nous voulons garder la maîtrise de nos données », a déclaré {person}.",
        f"{partner} a rejoint le consortium {project} au début de l'année {year}.",
        f"{org} et {partner} ont signé un partenariat pour proposer une offre commune.",
        f"Le {rng.choice(POSTS)} de {partner}, {other}, a quitté ses fonctions en {month} {year}.",
        f"{org} a racheté {funder} pour {amount} millions d'euros.",
    ]
    rng.shuffle(kinds)
    return kinds[: rng.randint(3, 5)]


def article_text(rng: random.Random, pools: Pools, number: int) -> str:
    """About 330 words: a headline, paragraphs mixing fact sentences and filler, the synthetic notice."""
    headline = f"{rng.choice(pools.orgs)} accélère dans le cloud (dépêche synthétique n° {number})"
    paragraphs: list[str] = []
    words = 0
    while words < 310:
        body = _sentences(rng, pools) + rng.sample(FILLERS, 2)
        rng.shuffle(body)
        paragraph = " ".join(body)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join([headline, *paragraphs, SYNTHETIC_LINE]) + "\n"


def generate(out_dir: Path, articles: int, seed: int = 7) -> tuple[Path, Path]:
    """Write the corpus and its reference; return (articles directory, reference file). Deterministic."""
    rng = random.Random(seed)
    pools = make_pools(articles, rng)
    article_dir = out_dir / "articles"
    article_dir.mkdir(parents=True, exist_ok=True)
    reference = out_dir / "reference.nt"
    write_reference(reference, pools)
    for number in range(articles):
        stem = f"synth-{number:05d}"
        (article_dir / f"{stem}.txt").write_text(article_text(rng, pools, number), encoding="utf-8")
        day = rng.randint(1, 28)
        meta = (f"publisher: Banc d'essai synthétique\ndatePublished: {rng.randint(2010, 2016)}-"
                f"{rng.randint(1, 12):02d}-{day:02d}\n")
        (article_dir / f"{stem}.meta.yaml").write_text(meta, encoding="utf-8")
    return article_dir, reference


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    article_dir, reference = generate(args.out_dir, args.articles, args.seed)
    print(f"{args.articles} synthetic articles in {article_dir}, reference {reference}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
