"""Quotations: words in « » or quotation marks and the person who said them.

Rules (evidence "quotes.<name>"):
- speaker-after: "« … » estime X", "« … », a-t-il déclaré" (the pronoun is
  the last person named before the quote);
- incise: "« …, estime X, analyste chez Y. … »": the speaker inside the quote;
- speaker-before: "X a déclaré : « … »", "X, ne cesse de le répéter : « … »",
  "Selon X, « … »", "X, analyste, selon laquelle « … »";
- according-to: "« … », selon X"; "Selon X, analyste chez Y, « … »" and, opening a
  sentence, "Pour X, « … »" (these quotes may start in lower case);
- speaker-title: "« … », a déclaré le ministre" / "juge le patron du groupe": the person a
  role fact read before gave that post ("patron", "dirigeant": any head post), or the
  name that follows ("a justifié le patron de X, Y"), or else the person of that
  gender named in this sentence or the one before;
- pronouns ("a-t-elle déclaré", "Selon lui, « … »") stand for the subject of the nearest
  sentence before that names a person of that gender, else the last one named.
Only sentences are quotations: the quoted words start with a capital letter
or follow a colon, and hold at least four words, so scare quotes
("« associés »") and quoted fragments woven into a sentence are left alone.
Verbs of saying are in triggers.yaml; reporting verbs ("rapporte l'AFP")
name a source, not a speaker.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...records import EntityRef, Mention, QuotationFact, RoleFact
from .common import Context, lexicon, norm, words_pattern

__all__ = ["extract_quotes", "find_quoted_spans"]

_PAIRS = {"«": "»", "“": "”", '"': '"'}


def find_quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each outermost pair of quotation marks."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char in _PAIRS:
            close = text.find(_PAIRS[char], pos + 1)
            if char == "«":
                depth, scan = 1, pos + 1
                while depth and scan < len(text):
                    depth += {"«": 1, "»": -1}.get(text[scan], 0)
                    scan += 1
                close = scan - 1 if depth == 0 else -1
            if close > pos:
                spans.append((pos + 1, close))
                pos = close + 1
                continue
        pos += 1
    return spans


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    say = lexicon("triggers")["saying"]
    verbs = words_pattern(say["verbs"])
    flags = re.IGNORECASE
    pronouns = words_pattern(list(say["pronouns"]))
    according = words_pattern(say["according_to"])
    adverbs = words_pattern(say["adverbs"])
    return {
        "after_pronoun": re.compile(
            rf"\s*,?\s*(?:(?:a|avait)-t-|)(?:{verbs})?-?(?:t-)?(?P<pro>{pronouns})(?![\wÀ-ÿ])"
            rf"(?:\s+(?:ainsi|alors|encore|aussi|également|notamment|même)?\s*(?P<verb2>{verbs}))?",
            flags,
        ),
        "after_verb": re.compile(
            rf"\s*,?\s*(?:(?:a|avait)\s+)?(?:{adverbs}\s+)?(?:{verbs})\s+", flags
        ),
        "incise": re.compile(rf",\s*(?:{verbs})\s+", flags),
        "before": re.compile(
            rf"(?:\s*,[^,;:«»\"“]{{1,80}},)?"  # an apposition: "X, directeur général d'OVH, précise ..."
            # or a comma and a few words before the verb: "X, ne cesse de le répéter :"
            rf"(?:\s+|\s*,\s*(?:[^,;:«»\"“.]{{1,30}}?\s+)?)(?:l['’]|le\s+|la\s+)?(?:(?:a|avait|ont)\s+)?"
            rf"(?:{adverbs}\s+)?(?:{verbs})"
            rf"(?:\s+[^:«»\"“]{{0,80}}?)?\s*:\s*$",
            flags,
        ),
        "according_before": re.compile(rf"(?:^|[.,;:]\s*|\s){according}\s+$", flags),
        # "X, coordinatrice du Hub, selon laquelle « … »": the person the relative pronoun stands for
        "according_relative": re.compile(
            rf"\s*,(?:[^,;:«»\"“]{{1,80}},){{0,2}}\s*{according}\s+(?:lequel|laquelle|lesquels|lesquelles)\s*$",
            flags,
        ),
        "according_initial": re.compile(
            rf"^\s*(?:{words_pattern(say['according_to'] + say['according_to_initial'])})\s+$", flags
        ),
        # between the speaker and the quote: a comma, or an apposition ", analyste chez IDC,"
        # (a long title holds commas: "ministre de l'Économie, du Redressement productif et du Numérique,")
        "speaker_tail": re.compile(r"\s*,(?:[^,;:«»\"“]{1,80},){0,3}\s*"),
        "title_after": re.compile(
            rf"\s*,?\s*(?:(?:a|avait)\s+)?(?:{verbs})\s+(?:le|la|l['’])\s*"
            rf"(?:{words_pattern(say['speaker_adjectives'])}\s+)?(?P<post>{_post_words()})(?![\wÀ-ÿ])",
            flags,
        ),
        "according_after": re.compile(
            rf"\s*,\s*{according}\s+(?:les\s+termes\s+(?:du|de\s+la|de\s+l['’]|de)\s*)?", flags
        ),
    }


def _post_words() -> str:
    return words_pattern([form for entry in lexicon("posts")["posts"] for form in entry["forms"]])


def _speaker_by_title(ctx: Context, close: int) -> tuple[EntityRef, int] | None:
    """ "« … », a déclaré le ministre": the person last given that post by a role fact before
    the quote ("le patron", "le dirigeant" stand for any head post); nothing when none was."""
    match = _patterns()["title_after"].match(ctx.text, close)
    if match is None:
        return None
    # "a justifié le patron de Scaleway, Yann Lechelle": the name follows the title
    named = re.compile(r"(?:\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*[^,;:«»\n]{1,60}?)?\s*,\s*").match(
        ctx.text, match.end()
    )
    if named is not None:
        person = _speaker_mention(ctx, named.end())
        if person is not None and ctx.label_of(person) == "PER":
            return ctx.ref(person), person.end
    posts = {norm(f): e["key"] for e in lexicon("posts")["posts"] for f in e["forms"]}
    key = posts.get(norm(match["post"]))
    keys = set(lexicon("triggers")["saying"]["head_posts"]) if key == "dirigeant" else {key}
    holders = [
        f for f in ctx.facts
        if isinstance(f, RoleFact) and f.role in keys and not f.former and f.evidence.start < close
    ]
    if not holders:
        # "« … », martèle le directeur général de l'institution": a post no role fact gave
        # is the person named in this sentence or the one before
        sent = ctx.sentence_of(close - 1)
        previous = [s for s in ctx.sentences if s[1] <= sent[0]]
        floor = previous[-1][0] if previous else sent[0]
        gender = "f" if re.search(r"\bla\s*\S*\s*$", ctx.text[close : match.start("post")], re.I) else "m"
        persons = [p for p in ctx.persons_in(floor, close) if _gender(ctx, p.cluster) in (gender, None)]
        if not persons:
            return None
        return ctx.ref(persons[-1]), match.end()
    latest = max(holders, key=lambda f: f.evidence.start)
    return latest.person, match.end()


def _speaker_mention(ctx: Context, pos: int) -> Mention | None:
    persons = [m for m in ctx.persons_in(pos, pos + 80) if m.start == pos]
    if persons:
        return persons[0]
    mention = ctx.by_start.get(pos)
    return mention


def _last_person_before(ctx: Context, pos: int, gender: str | None = None) -> EntityRef | None:
    """Who "il" / "elle" / "lui" stands for at `pos`: in the nearest sentence before that
    names a person of that gender (or of unknown gender), its subject when a person is the
    subject ("Le fondateur X ... aux côtés de Y. « … », a-t-il lancé": X), else the last
    such person named."""
    persons = [
        p for p in ctx.persons_in(max(0, pos - 1500), pos)
        if gender not in ("m", "f") or _gender(ctx, p.cluster) in (gender, None)
    ]
    if not persons:
        return None
    last = persons[-1]
    sent = ctx.sentence_of(last.start)
    in_sentence = [p for p in persons if p.start >= sent[0]]
    if gender in ("m", "f"):
        # one of them known to be of that gender beats one of unknown gender
        known = [p for p in in_sentence if _gender(ctx, p.cluster) == gender]
        in_sentence = known or in_sentence
    opening = ctx.opening_mention(sent)
    if opening is not None and any(p.cluster == opening.cluster for p in in_sentence):
        return ctx.ref(opening)
    return ctx.ref(in_sentence[-1])


def _gender(ctx: Context, cluster: int) -> str | None:
    """A person's grammatical gender from the words next to their mentions ("la
    présidente X", "X, directeur de …", "Mme X"), or None when nothing tells.

    Asked once per person and pronoun: remembered on the context (quotes are read last,
    so the role facts it reads no longer change)."""
    known = ctx.__dict__.setdefault("_genders", {})
    if cluster not in known:
        known[cluster] = _read_gender(ctx, cluster)
    return known[cluster]


def _read_gender(ctx: Context, cluster: int) -> str | None:
    say = lexicon("triggers")["saying"]
    feminine, masculine = set(say["feminine_cues"]), set(say["masculine_cues"])
    votes = {"f": 0, "m": 0}
    for mention in ctx.mentions:
        if mention.cluster != cluster:
            continue
        # the phrase just before the name ("la ministre déléguée chargée de …, X"), not the
        # whole clause ("… du président de la Région, Y, et du maire, X")
        before = re.split(r"[.!?«»\n]", ctx.text[max(0, mention.start - 100) : mention.start])[-1]
        before = next((part for part in reversed(before.split(",")) if part.strip()), "")
        after = re.match(r"\s*,\s*((?:[\w.'’-]+\s*){1,2})", ctx.text[mention.end : mention.end + 60])
        words = re.findall(r"[\w.'’-]+", before.lower())[::-1][:8]
        if after:
            words = re.findall(r"[\w.'’-]+", after.group(1).lower()) + words
        for word in words:
            if word in feminine:
                votes["f"] += 1
                break
            if word in masculine:
                votes["m"] += 1
                break
    for fact in ctx.facts:
        if isinstance(fact, RoleFact) and fact.person.cluster == cluster:
            label = norm(fact.role_label).split()
            if label and label[0] in feminine:
                votes["f"] += 1
            elif label and label[0] in masculine:
                votes["m"] += 1
    if votes["f"] == votes["m"]:
        # nothing around the name tells: its given name may ("Clara Chappaz")
        given = lexicon("first_names")
        name = next((m.text for m in ctx.mentions if m.cluster == cluster and " " in m.text), "")
        first = name.split()[0].split("-")[0] if name else ""
        if first in given["feminine"]:
            return "f"
        if first in given["masculine"]:
            return "m"
        return None
    return "f" if votes["f"] > votes["m"] else "m"


def _is_sentence(text: str, before: str) -> bool:
    words = text.split()
    if len(words) < 4:
        return False
    return text.lstrip()[:1].isupper() or before.rstrip().endswith(":")


def _speaker_after(ctx: Context, end: int) -> tuple[EntityRef, int, str] | None:
    pats = _patterns()
    close = end + 1
    match = pats["after_verb"].match(ctx.text, close)
    if match is not None:
        speaker = ctx.read_entity(match.end(), allow_description=False)
        if speaker is not None and speaker[0].label != "LOC":
            return speaker[0], speaker[1], "quotes.speaker-after"
        # a title before the name: "a précisé le lieutenant-colonel Dominique Hemmerlé"
        # or a possessive: "s'est félicitée sa directrice financière, Hélène Marchal"
        titled = re.compile(r"(?:le|la|l['’]|sa|son)\s*(?:[a-zà-ÿ-]+,?\s+){1,3}").match(ctx.text, match.end())
        person = _speaker_mention(ctx, titled.end()) if titled else None
        if person is not None and ctx.label_of(person) == "PER":
            return ctx.ref(person), person.end, "quotes.speaker-after"
    match = pats["after_pronoun"].match(ctx.text, close)
    if match is not None and re.search(r"-", match.group()) or match is not None and match["verb2"]:
        gender = lexicon("triggers")["saying"]["pronouns"][match["pro"].lower()]
        speaker = _last_person_before(ctx, close, gender)
        if speaker is not None:
            return speaker, match.end(), "quotes.speaker-after"
    titled = _speaker_by_title(ctx, close)
    if titled is not None:
        return titled[0], titled[1], "quotes.speaker-title"
    match = pats["according_after"].match(ctx.text, close)
    if match is not None:
        speaker = ctx.read_entity(match.end()) or _ministry_at(ctx, match.end())
        if speaker is not None:
            return speaker[0], speaker[1], "quotes.according-to"
    return None


def _ministry_at(ctx: Context, pos: int) -> tuple[EntityRef, int] | None:
    """ "(du) ministère de X" named without being a tagged mention: the ministry as speaker."""
    word = lexicon("posts")["ministry_word"]
    match = re.compile(
        rf"\s*(?:du|le|au)?\s*(?P<name>{word}\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*"
        r"[^,;.()«»\n]+?)(?=\s*[,;.()«»\n]|$)",
        re.I,
    ).match(ctx.text, pos)
    if match is None:
        return None
    name = match["name"]
    return EntityRef(name[:1].upper() + name[1:], "ORG"), match.end()


def _speaker_inside(ctx: Context, start: int, end: int) -> tuple[EntityRef, int, int] | None:
    for match in _patterns()["incise"].finditer(ctx.text, start, end):
        mention = _speaker_mention(ctx, match.end())
        if mention is not None and ctx.label_of(mention) != "LOC":  # after a verb of saying: a speaker
            return ctx.ref(mention), match.start(), mention.end
    return None


def _speaker_before(ctx: Context, start: int) -> tuple[EntityRef, int] | None:
    pats = _patterns()
    sent_start = ctx.sentence_of(start - 1)[0]
    say = lexicon("triggers")["saying"]
    pronoun = re.search(
        rf"(?:^|[.,;:]\s*|\s)(?:{words_pattern(say['according_to'] + say['according_to_initial'])})\s+"
        rf"(?P<pro>{words_pattern(list(say['stressed_pronouns']))})\s*,\s*$",
        ctx.text[sent_start : start - 1],
        re.IGNORECASE,
    )
    if pronoun is not None:  # "Selon lui, « … »"
        at = sent_start + pronoun.start("pro")
        speaker = _last_person_before(ctx, at, say["stressed_pronouns"][pronoun["pro"].lower()])
        if speaker is not None:
            return speaker, at
    for mention in reversed(ctx.persons_in(sent_start, start - 1)):
        tail = ctx.text[mention.end : start - 1]
        if pats["before"].match(tail) or pats["according_relative"].fullmatch(tail):
            return ctx.ref(mention), mention.start
        if pats["speaker_tail"].fullmatch(tail) and (
            pats["according_before"].search(ctx.text[sent_start : mention.start])
            or pats["according_initial"].match(ctx.text[sent_start : mention.start])
        ):
            return ctx.ref(mention), mention.start
    return None


def _according_opening(ctx: Context, start: int) -> bool:
    """The quote ends a clause opened by "Selon X, " / "Pour X, ": the words are the
    speaker's statement even when they start in lower case."""
    found = _speaker_before(ctx, start)
    if found is None:
        return False
    tail = ctx.text[found[1] : start - 1]
    verbs = words_pattern(lexicon("triggers")["saying"]["verbs"])
    return not re.search(rf"(?<![\wÀ-ÿ]){verbs}(?![\wÀ-ÿ])", tail, re.IGNORECASE)


def extract_quotes(ctx: Context) -> list[QuotationFact]:
    facts: list[QuotationFact] = []
    for start, end in find_quoted_spans(ctx.text):
        inner = ctx.text[start:end]
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip())
        q_start, q_end = start + lead, end - trail
        if not _is_sentence(inner, ctx.text[max(0, start - 5) : start - 1]):
            if len(inner.split()) < 4 or not _according_opening(ctx, start):
                continue
        quoted = ctx.text[q_start:q_end]
        found = _speaker_after(ctx, end)
        if found is not None:
            speaker, stop, rule = found
            facts.append(QuotationFact(speaker, q_start, q_end, quoted, ctx.evidence(start - 1, stop, rule)))
            continue
        inside = _speaker_inside(ctx, q_start, q_end)
        if inside is not None:
            speaker, _, _ = inside
            facts.append(
                QuotationFact(
                    speaker, q_start, q_end, quoted, ctx.evidence(start - 1, end + 1, "quotes.incise")
                )
            )
            continue
        before = _speaker_before(ctx, start)
        if before is not None:
            speaker, from_pos = before
            facts.append(
                QuotationFact(
                    speaker, q_start, q_end, quoted, ctx.evidence(from_pos, end + 1, "quotes.speaker-before")
                )
            )
    return facts
