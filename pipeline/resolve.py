"""Mention clusters of every article -> the dataset's entities (cross-article resolution).

Two clusters are one entity when the linker gives them the same Wikidata
item, or, when neither is linked, when they share a normalized name
("CloudWatt" / "Cloudwatt", "la Caisse des Dépôts" / "Caisse des dépôts").
Entity slugs depend only on names and items, never on processing order.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import yaml

from .config import ONTOLOGY_DIR
from .extract.entities import normalize_name
from .records import ArticleResult, Entity, EntityKind, EntityRef, LinkDecision, Mention, NerLabel
from .vocab import slugify

__all__ = ["Resolution", "propagate_names", "resolve"]

LinkFunction = Callable[[str, NerLabel, Sequence[str]], LinkDecision]

KIND_OF_LABEL: dict[str, EntityKind] = {
    "PER": "person",
    "ORG": "organization",
    "LOC": "place",
    "MISC": "project",
}


@dataclass
class Resolution:
    """Entities of the dataset and how each article's clusters and names map to them."""

    entities: dict[str, Entity] = field(default_factory=dict)  # slug -> entity
    cluster_entity: dict[tuple[str, int], str] = field(default_factory=dict)  # (stem, cluster) -> slug
    name_entity: dict[tuple[str, str], str] = field(default_factory=dict)  # (stem, normalized name) -> slug
    decisions: dict[str, LinkDecision] = field(default_factory=dict)  # slug -> decision

    def entity_of(self, stem: str, ref: EntityRef) -> Entity | None:
        if ref.cluster is not None:
            slug = self.cluster_entity.get((stem, ref.cluster))
        else:
            slug = self.name_entity.get((stem, normalize_name(ref.name)))
        return self.entities.get(slug) if slug else None


def _kind_cues() -> dict[str, list[str]]:
    data = yaml.safe_load((ONTOLOGY_DIR / "ner.yaml").read_text(encoding="utf-8"))
    return data["kind_cues"]


def _cue_kind(text: str, start: int, cues: dict[str, list[str]]) -> str | None:
    """The kind a noun right before the name tells ("le projet X", "la société X")."""
    before = text[max(0, start - 45) : start].replace("’", "'")
    words = re.findall(r"[\w-]+", before)[-2:]
    if words and words[-1][:1].isupper():
        return None  # another name stands between: "Patriot Act et Atos"
    for word in reversed([w.lower() for w in words]):
        for kind, nouns in cues.items():
            if word in nouns:
                return kind
    return None


@dataclass
class _Group:
    """Clusters (possibly of several articles) that name one entity."""

    members: list[tuple[str, int]] = field(default_factory=list)
    surfaces: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    fact_kinds: Counter = field(default_factory=Counter)
    decision: LinkDecision | None = None


def _slot_kinds(fact: object) -> list[tuple[EntityRef, EntityKind]]:
    """The kinds a fact implies for its slots (only where the fact leaves no doubt)."""
    from .records import ChangeFact, CollaborationFact, FoundingFact, GrantFact, PartnershipFact, RoleFact

    implied: list[tuple[EntityRef, EntityKind]] = []
    if isinstance(fact, FoundingFact):
        implied.append((fact.organization, "organization"))
    elif isinstance(fact, ChangeFact):
        implied += [(ref, "organization") for ref in (*fact.original, fact.resulting)]
    elif isinstance(fact, CollaborationFact):
        # a consortium is joined by organizations (a person is read as such by the NER)
        implied.append((fact.collaboration, "project"))
        if fact.member.label != "PER":
            implied.append((fact.member, "organization"))
    elif isinstance(fact, PartnershipFact):
        implied += [(ref, "organization") for ref in fact.members if ref.label != "PER"]
    elif isinstance(fact, GrantFact):
        implied += [(ref, "organization") for ref in fact.funders if ref.label != "PER"]
    elif isinstance(fact, RoleFact) and fact.role in _COMPANY_POSTS:
        # a PDG, a directeur général heads an organization, not a product
        implied.append((fact.org, "organization"))
    return implied


# posts held in a company (not in a project, a government or a town)
_COMPANY_POSTS = frozenset({
    "pdg", "co-pdg", "president", "vice-president", "president-du-directoire", "president-du-conseil-de-surveillance",
    "directeur-general", "directeur-general-adjoint", "directeur-general-delegue", "directeur-technique",
    "directeur-financier", "directeur-commercial", "fondateur", "cofondateur", "dirigeant",
})


def _best_name(surfaces: Counter) -> str:
    """The fullest, most used form: multi-word over acronyms, then frequency, length, order."""

    def rank(item: tuple[str, int]) -> tuple:
        name, count = item
        return (-(len(name.split()) > 1 or not name.isupper()), -count, -len(name), name)

    name = sorted(surfaces.items(), key=rank)[0][0]
    return name.title() if name == name.lower() else name


def propagate_names(results: Sequence[ArticleResult]) -> list[ArticleResult]:
    """A multi-word name recognized in one article is the same name in another,
    whatever its case there ("Grand Emprunt" / "le grand emprunt"): add the
    mentions the statistical NER missed. Names of one word are too ambiguous."""
    names: dict[str, tuple[str, NerLabel]] = {}
    for result in results:
        for mention in result.mentions:
            words = mention.text.split()
            if len(words) >= 2 and mention.text[0].isupper() and not mention.text.isupper():
                key = normalize_name(mention.text)
                if key not in names or (mention.text, mention.label) < names[key]:
                    names[key] = (mention.text, mention.label)
    # each name's words, to skip at once the articles that lack one of them: the search
    # stays linear in practice although every name meets every article
    pieces = {key: frozenset(re.findall(r"[\w-]+", name.lower())) for key, (name, _) in names.items()}
    # and each name under its longest word, so that an article meets only the names one of
    # whose words it has, not every name of the corpus
    by_word: dict[str, list[str]] = {}
    for key, words in pieces.items():
        by_word.setdefault(max(words, key=lambda w: (len(w), w)) if words else "", []).append(key)
    out: list[ArticleResult] = []
    for result in results:
        text = result.article.text
        present = frozenset(re.findall(r"[\w-]+", text.lower()))
        mentions = list(result.mentions)
        taken = [(m.start, m.end) for m in mentions]
        cluster_of = {normalize_name(m.text): m.cluster for m in mentions}
        next_cluster = max((m.cluster for m in mentions), default=-1) + 1
        met = {key for word in (*present, "") for key in by_word.get(word, ())}
        for key in sorted(met):
            name, label = names[key]
            if not pieces[key] <= present:
                continue
            pattern = r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?![\w-])"
            for match in re.finditer(pattern, text, re.IGNORECASE):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                if key not in cluster_of:
                    cluster_of[key] = next_cluster
                    next_cluster += 1
                mentions.append(
                    Mention(match.start(), match.end(), match.group(0), label, cluster_of[key], "rule")
                )
                taken.append((match.start(), match.end()))
        mentions.sort(key=lambda m: (m.start, m.end))
        out.append(ArticleResult(result.article, mentions, result.facts))
    return out


def resolve(
    results: Sequence[ArticleResult],
    link: LinkFunction | None = None,
    derived: Sequence[tuple[str, EntityRef]] = (),
    label_of_qid: Callable[[str], str | None] | None = None,
) -> Resolution:
    """Resolve every mention cluster (and every derived fact slot) to a dataset entity.

    `derived` lists (article stem, EntityRef) slots with no cluster: entities a
    fact rule read from words that are not a named mention.
    """
    cues = _kind_cues()
    groups: list[_Group] = []
    for result in results:
        stem = result.article.stem
        clusters: dict[int, _Group] = {}
        for mention in result.mentions:
            group = clusters.setdefault(mention.cluster, _Group(members=[(stem, mention.cluster)]))
            group.surfaces[mention.text] += 1
            group.labels[mention.label] += 1
            cue = _cue_kind(result.article.text, mention.start, cues)
            if cue:
                group.kinds[cue] += 1
        for fact in result.facts:
            for ref, kind in _slot_kinds(fact):
                if ref.cluster is not None and ref.cluster in clusters:
                    clusters[ref.cluster].fact_kinds[kind] += 1
        names = [_best_name(g.surfaces) for g in clusters.values()]
        # the article's content words help tell homonyms apart (a galaxy, a company)
        words = sorted({w.lower() for w in re.findall(r"\w{5,}", result.article.text)})
        for group in clusters.values():
            if link is not None:
                label = group.labels.most_common(1)[0][0]
                context = [n for n in names if n not in group.surfaces] + words
                tried = [
                    link(name, label, context) for name in sorted(group.surfaces, key=lambda n: (-len(n), n))
                ]
                accepted = [d for d in tried if d.qid]
                group.decision = (
                    max(accepted, key=lambda d: d.score) if accepted else (tried[0] if tried else None)
                )
            groups.append(group)
    for stem, ref in derived:
        if ref.cluster is not None:
            continue
        group = _Group(members=[(stem, -1 - len(groups))])
        group.surfaces[ref.name] += 1
        group.labels[ref.label] += 1
        if link is not None:
            group.decision = link(ref.name, ref.label, ())
        group.derived_key = (stem, normalize_name(ref.name))  # type: ignore[attr-defined]
        groups.append(group)

    # union-find over groups: same item, or (both unlinked or one linked) same normalized surface
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def qid_of(i: int) -> str | None:
        d = groups[i].decision
        return d.qid if d else None

    by_qid: dict[str, int] = {}
    by_surface: dict[str, int] = {}
    group_qids: dict[int, set[str]] = defaultdict(set)
    for i in range(len(groups)):
        q = qid_of(i)
        if q:
            group_qids[i].add(q)
    for i, group in enumerate(groups):
        keys = [("q", qid_of(i))] if qid_of(i) else []
        keys += [("s", normalize_name(s)) for s in group.surfaces]
        for kind, key in keys:
            table = by_qid if kind == "q" else by_surface
            if key in table:
                a, b = find(i), find(table[key])
                if a != b and len(group_qids[a] | group_qids[b]) <= 1:
                    parent[max(a, b)] = min(a, b)
                    group_qids[min(a, b)] |= group_qids[max(a, b)]
            else:
                table[key] = i

    merged: dict[int, _Group] = {}
    for i, group in enumerate(groups):
        root = merged.setdefault(find(i), _Group())
        root.members += group.members
        root.surfaces.update(group.surfaces)
        root.labels.update(group.labels)
        root.kinds.update(group.kinds)
        root.fact_kinds.update(group.fact_kinds)
        if group.decision and (
            root.decision is None
            or (group.decision.qid and not root.decision.qid)
            or (group.decision.qid and group.decision.score > root.decision.score)
        ):
            root.decision = group.decision
        if hasattr(group, "derived_key"):
            root.__dict__.setdefault("derived_keys", []).append(group.derived_key)  # type: ignore[attr-defined]

    resolution = Resolution()
    taken: dict[str, str] = {}
    ordered = sorted(
        merged.values(),
        key=lambda g: (g.decision.qid if g.decision and g.decision.qid else "~", _best_name(g.surfaces)),
    )
    for group in ordered:
        qid = group.decision.qid if group.decision else None
        name = (label_of_qid(qid) if qid and label_of_qid else None) or _best_name(group.surfaces)
        label: NerLabel = sorted(group.labels.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        kind: EntityKind = KIND_OF_LABEL[label]
        if group.kinds and not (label == "LOC" and qid):
            cue, votes = sorted(group.kinds.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            # a cue noun settles a weak label (MISC, unlinked LOC); an ORG only
            # becomes a project when a consortium or project noun says so
            if label in ("MISC", "LOC") or (label == "ORG" and cue == "project"):
                kind = cue  # type: ignore[assignment]
        if kind == "organization" and label == "LOC" and qid:
            kind = "place"
        if group.fact_kinds and not qid and label in ("MISC", "LOC", "ORG"):
            # what the facts say of it settles what the NER could not: a thing founded,
            # bought or that employs a PDG is an organization, a consortium one joins a project
            kind = sorted(group.fact_kinds.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            label = "ORG" if kind == "organization" else label
        slug = slugify(name)
        identity = qid or normalize_name(name)
        if slug in taken and taken[slug] != identity:
            slug = f"{slug}-{qid.lower()}" if qid else f"{slug}-{kind}"
        taken[slug] = identity
        entity = Entity(
            slug=slug,
            kind=kind,
            name=name,
            label=label,
            qid=qid,
            aliases={s for s in group.surfaces if s != name},
        )
        resolution.entities[slug] = entity
        if group.decision:
            resolution.decisions[slug] = group.decision
        for member in group.members:
            resolution.cluster_entity[member] = slug
        for key in group.__dict__.get("derived_keys", []):
            resolution.name_entity[key] = slug
    return resolution
