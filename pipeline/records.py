"""Typed, RDF-free records: the one intermediate form between pipeline stages.

ingest -> Article; extract -> Mention, facts; link -> LinkDecision;
resolve -> Entity. Only `mapping` turns them into RDF. This module imports no
rdflib, spaCy or HTTP client, so every stage can depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

NerLabel = Literal["PER", "ORG", "LOC", "MISC"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as the text states it, never more.

    Any part may be missing: `year` alone is an xsd:gYear, year+month an
    xsd:gYearMonth, all three an xsd:date, month+day an xsd:gMonthDay
    ("le 24 janvier" when the article's year is unknown).
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def xsd_type(self) -> str:
        """Local name of the XSD datatype that holds exactly this precision."""
        if self.year is not None and self.month is not None and self.day is not None:
            return "date"
        if self.year is not None and self.month is not None:
            return "gYearMonth"
        if self.year is not None:
            return "gYear"
        if self.month is not None and self.day is not None:
            return "gMonthDay"
        if self.month is not None:
            return "gMonth"
        raise ValueError("empty PartialDate")

    @property
    def lexical(self) -> str:
        """The XSD lexical form (2012-10-03, 2012-10, 2012, --01-24, --08)."""
        kind = self.xsd_type
        if kind == "date":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if kind == "gYearMonth":
            return f"{self.year:04d}-{self.month:02d}"
        if kind == "gYear":
            return f"{self.year:04d}"
        if kind == "gMonthDay":
            return f"--{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}"

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Parse an XSD lexical form back (the inverse of `lexical`)."""
        text = value.strip()
        if text.startswith("--"):
            parts = text[2:].split("-")
            if len(parts) == 2:
                return cls(None, int(parts[0]), int(parts[1]))
            return cls(None, int(parts[0]), None)
        parts = text.split("-")
        if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
            raise ValueError(f"not an XSD date, gYearMonth or gYear: {value!r}")
        numbers = [int(p) for p in parts] + [None] * (3 - len(parts))
        return cls(*numbers)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SourceRef:
    """The source an article relays ("Source : Les Echos du 7 septembre 2012")."""

    publisher: str | None = None
    author: str | None = None
    date: PartialDate | None = None
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """One input article, decoded, cleaned, with its metadata.

    `text` is the published plain text (NFC, markup stripped, boilerplate
    removed); every offset elsewhere counts code points in it.
    """

    stem: str
    path: str
    text: str
    content_hash: str
    headline: str | None = None
    date_published: PartialDate | None = None
    is_based_on: SourceRef | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str = "fr"
    warnings: tuple[str, ...] = ()

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Mention:
    """A named entity read at [start, end) of the article text.

    `cluster` groups the mentions of one entity inside the article (the
    within-article coreference: "Besson" -> "Eric Besson", "FSN" -> the
    "Fonds national pour la société numérique" it abbreviates).
    """

    start: int
    end: int
    text: str
    label: NerLabel
    cluster: int
    source: str = "ner"  # "ner", "ruler" or "rule" (a fact rule derived it)


@dataclass(frozen=True)
class EntityRef:
    """A fact's slot: one entity of the article.

    Either a mention cluster of the article (`cluster`), or an entity a rule
    derived from words that are not a named mention ("le gouvernement",
    "le ministère du Redressement productif"), given by `name` and `label`.
    """

    name: str
    label: NerLabel
    cluster: int | None = None


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a span of the article text and the rule that read it."""

    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class RoleFact:
    """A person holds a post ("PDG", "ministre de l'économie") in an organization."""

    person: EntityRef
    role: str  # key of the post in ontology/roles.ttl (e.g. "pdg", "ministre")
    role_label: str  # the words the text uses, lower case ("ministre de l'économie")
    org: EntityRef | None
    evidence: Evidence
    former: bool = False
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass(frozen=True)
class GrantFact:
    """Money given by a funder (or several, jointly) to one or more funded items."""

    funder: EntityRef
    recipients: tuple[EntityRef, ...]
    evidence: Evidence
    amount: Decimal | None = None  # in units of `currency`
    currency: str | None = None  # ISO 4217
    through: EntityRef | None = None
    total: bool = False  # the amount is the total over all recipients
    share: Decimal | None = None  # a percentage ("44,4 % pour Orange")
    date: PartialDate | None = None
    cofunders: tuple[EntityRef, ...] = ()  # who gave the sum together with `funder` ("auprès de A et B")

    @property
    def funders(self) -> tuple[EntityRef, ...]:
        return (self.funder, *self.cofunders)


@dataclass(frozen=True)
class FoundingFact:
    """An organization created by others, or out of a project."""

    organization: EntityRef
    founders: tuple[EntityRef, ...]
    evidence: Evidence
    date: PartialDate | None = None
    origin: EntityRef | None = None  # the project it came out of


@dataclass(frozen=True)
class ChangeFact:
    """An acquisition or merger (org:ChangeEvent)."""

    kind: Literal["acquisition", "merger"]
    original: tuple[EntityRef, ...]
    resulting: EntityRef
    evidence: Evidence
    date: PartialDate | None = None


@dataclass(frozen=True)
class CollaborationFact:
    """A member of a consortium or project, and possibly its leaving it."""

    member: EntityRef
    collaboration: EntityRef
    evidence: Evidence
    ended: bool = False
    end: PartialDate | None = None


@dataclass(frozen=True)
class PartnershipFact:
    """A partnership between organizations, possibly about something."""

    members: tuple[EntityRef, ...]
    evidence: Evidence
    date: PartialDate | None = None
    about: EntityRef | None = None


@dataclass(frozen=True)
class EventFact:
    """A meeting or announcement with its date and participants."""

    label: str
    evidence: Evidence
    date: PartialDate | None = None
    attendees: tuple[EntityRef, ...] = ()
    organizer: EntityRef | None = None


@dataclass(frozen=True)
class QuotationFact:
    """Words a speaker said; `start`/`end` delimit the quoted text itself."""

    speaker: EntityRef
    start: int
    end: int
    text: str
    evidence: Evidence


Fact = (
    RoleFact | GrantFact | FoundingFact | ChangeFact | CollaborationFact | PartnershipFact | EventFact | QuotationFact
)


@dataclass(frozen=True)
class Candidate:
    """A reference item the linker considered for a mention."""

    qid: str
    label: str
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkDecision:
    """The linker's decision for one name, accepted or not (qid None = NIL)."""

    name: str
    label: NerLabel
    qid: str | None
    score: float
    method: str  # "exact-label", "alias", "curated-force", "curated-forbid", "nil-threshold", ...
    candidates: tuple[Candidate, ...] = ()
    reference_version: str = ""
    curated: bool = False


EntityKind = Literal["person", "organization", "place", "project", "legislation", "product"]


@dataclass
class Entity:
    """One real-world entity of the dataset, resolved across articles."""

    slug: str
    kind: EntityKind
    name: str
    label: NerLabel
    qid: str | None = None
    aliases: set[str] = field(default_factory=set)


@dataclass
class ArticleResult:
    """Everything extraction read from one article, before cross-article resolution."""

    article: Article
    mentions: list[Mention]
    facts: list[Fact]
