"""The clause engine: spaCy's dependency parse turned into clauses with normalized arguments.

Every frame of ontology/frames.yaml is read through this one module, so the syntax is
handled once, the same way for every fact kind:
- voice: the subject of a passive is its undergoer (`obj`), its "par X" the doer (`subj`);
- coordination: "A et B" fill one position with two heads; a coordinated verb without a
  subject shares the first verb's ("X a fondé A et dirige B");
- relative clauses ("X, qui a investi …"), participles ("Z, créée par X"; "Fondée par X, Z
  …"), control and purpose clauses ("X s'allie à Y pour créer Z": X and Y create Z);
- nominal triggers take their arguments from their complements, their possessive and the
  verb that carries them ("X annonce une levée de fonds");
- negation and modality: "n'a pas investi" is denied, "envisage de racheter", "devrait
  rejoindre", "investira" are planned.
A clause names the construction it was read through, for the evidence's rule name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from ....config import ONTOLOGY_DIR

__all__ = ["Clause", "Trigger", "frames_data", "read_clause", "expand", "case_of", "syntax", "lemmas"]

Token = Any  # spacy.tokens.Token

_CLAUSAL = {"ccomp", "advcl", "acl:relcl", "parataxis", "csubj", "xcomp", "acl"}
_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}
_CASE_LEMMA = {"du": "de", "des": "de", "d'": "de", "d’": "de", "au": "à", "aux": "à"}


@lru_cache(maxsize=1)
def frames_data() -> dict[str, Any]:
    """ontology/frames.yaml, read once."""
    return yaml.safe_load((ONTOLOGY_DIR / "frames.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Syntax:
    carriers: frozenset[str]
    followers: frozenset[str]
    compounds: tuple[tuple[str, ...], ...]
    support: frozenset[str]
    leading: frozenset[str]
    outcome: frozenset[str]
    planned_governors: frozenset[str]
    planned_moods: frozenset[str]
    planned_tenses: frozenset[str]
    planned_modifiers: frozenset[str]
    future_times: frozenset[str]
    planned_nouns: frozenset[str]
    no_longer: frozenset[str]


@lru_cache(maxsize=1)
def syntax() -> Syntax:
    data = frames_data()
    modality = data["modality"]
    compounds = tuple(sorted((tuple(_words(c)) for c in data["compound_prepositions"]), key=len, reverse=True))
    carriers = set(data["amount_nouns"]) | set(data["relay_nouns"])
    for frame in data["frames"].values():
        if frame["fact"] == "grant":
            for entry in frame.get("nouns", ()):
                carriers.add((entry if isinstance(entry, str) else entry["trigger"]).split()[0])
    return Syntax(
        frozenset(carriers),
        frozenset(data["followers"]),
        compounds,
        frozenset(data["support_verbs"]),
        frozenset(data["leading_verbs"]),
        frozenset(data["outcome_verbs"]),
        frozenset(g.removeprefix("s'") for g in modality["planned_governors"]),
        frozenset(modality["planned_moods"]),
        frozenset(modality["planned_tenses"]),
        frozenset(modality["planned_modifiers"]),
        frozenset(modality["future_times"]),
        frozenset(modality["planned_nouns"]),
        frozenset(modality["no_longer"]),
    )


def _past_participle(verb: Token) -> bool:
    """A past participle, also where the tagger took a capitalized one opening the sentence
    for a name ("Cofondée en 2008 par A et B, Z …")."""
    if "Part" in verb.morph.get("VerbForm") and "Past" in verb.morph.get("Tense"):
        return True
    return (verb.pos_ in ("PROPN", "NOUN", "ADJ", "X", "INTJ") and verb.text[:1].isupper()
            and verb.lower_.endswith(("é", "ée", "és", "ées"))
            and all(t.is_punct or t.is_space for t in verb.doc[verb.sent.start : verb.i]))


def lemmas(token: Token) -> tuple[str, ...]:
    """The lemma spaCy gives, and the infinitives a verb form may have when the lemmatizer
    left it inflected ("estime" -> "estimer", "précisé" -> "préciser", "réagit" -> "réagir")."""
    lemma, lower = token.lemma_.lower(), token.lower_
    out = [lemma]
    if token.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "PROPN", "X", "INTJ") and lemma in (lower, lower.rstrip("s")):
        stem = lower
        for ending, infinitive in (("ées", "er"), ("és", "er"), ("ée", "er"), ("é", "er"), ("ent", "er"),
                                   ("es", "er"), ("e", "er"), ("it", "ir"), ("is", "ir")):
            if stem.endswith(ending) and len(stem) > len(ending) + 2:
                out.append(stem[: -len(ending)] + infinitive)
                break
    return tuple(dict.fromkeys(out))


def _words(text: str) -> list[str]:
    return text.replace("’", "'").replace("'", "' ").split()


@dataclass(frozen=True)
class Trigger:
    """A frame's trigger as written in frames.yaml, split into what the parse must show."""

    text: str
    head: str  # the lemma of the trigger token (verb or noun)
    reflexive: bool  # "s'allier": the verb has a reflexive clitic
    noun: str | None  # "prendre la tête de": the verb's nominal dependent ("tête")
    noun_prep: str | None  # ... and the preposition of its complement ("de")
    complement: str | None  # "levée de fonds": the noun's complement lemma ("fonds")
    kind: str  # "verb" or "noun"


def parse_trigger(text: str, kind: str) -> Trigger:
    words = _words(text.lower())
    reflexive = False
    if words[0] in ("s'", "se"):
        reflexive, words = True, words[1:]
    head = words[0]
    rest = [w for w in words[1:] if w not in ("le", "la", "les", "l'", "un", "une", "des", "du", "ses", "sa", "son")]
    if kind == "verb":
        noun = prep = None
        if rest:
            # "prendre la tête de": "tête" is the verb's dependent; "faire partie de": "partie";
            # "entrer au capital de": "capital" (the first content word after the verb)
            content = [w for w in rest if w not in ("de", "d'", "à", "au", "aux", "dans", "sur", "parmi", "en")]
            noun = content[0] if content else None
            prep = rest[-1] if rest[-1] in ("de", "d'", "à", "au", "dans", "sur") else None
            if prep == "d'":
                prep = "de"
        return Trigger(text, head, reflexive, noun, prep, None, "verb")
    complement = rest[-1] if rest and rest[-1] not in ("de", "d'") else None
    return Trigger(text, head, reflexive, None, None, complement, "noun")


@dataclass
class Clause:
    """One reading of a trigger: its normalized arguments and how they were found."""

    trigger: Token
    construction: str
    args: dict[str, list[Token]] = field(default_factory=dict)
    negated: bool = False
    no_longer: bool = False
    planned: bool = False
    scope: list[Token] = field(default_factory=list)  # the tokens of the clause (for amounts, dates)

    def add(self, position: str, tokens: Iterable[Token]) -> None:
        for token in tokens:
            bucket = self.args.setdefault(position, [])
            if all(t.i != token.i for t in bucket):
                bucket.append(token)


# --- small readers of the parse ----------------------------------------------------


def case_of(token: Token) -> str | None:
    """The preposition introducing `token` ("de", "auprès de", "au capital de" handled by the
    caller), from its `case` dependents and a preceding adverb ("auprès" + "de")."""
    cases = [c for c in token.children if c.dep_ in ("case", "fixed") or (c.dep_ == "mark" and c.i < token.i)]
    cases = [c for c in cases if c.i < token.i]
    if not cases:
        return None
    first = min(cases, key=lambda c: c.i)
    words = [_CASE_LEMMA.get(c.lower_, c.lower_) for c in sorted(cases, key=lambda c: c.i)]
    doc = token.doc
    # a compound preposition ending in the case word: "auprès de", "par l'intermédiaire de"
    longest, compounds = _case_compounds()
    window = doc[max(0, first.i - longest + 1) : first.i + 1]
    written = tuple(_CASE_LEMMA.get(t.lower_, t.lower_).replace("’", "'") for t in window)
    for compound, normalized in compounds:
        if len(normalized) <= len(written) and written[len(written) - len(normalized):] == normalized:
            return " ".join(compound).replace("' ", "'")
    return " ".join(words).replace("' ", "'")


@lru_cache(maxsize=1)
def _case_compounds() -> tuple[int, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """The compound prepositions, longest first, with their words as `case_of` compares them."""
    compounds = syntax().compounds
    normalized = tuple((c, tuple(_CASE_LEMMA.get(w, w) for w in c)) for c in compounds)
    return max((len(c) for c in compounds), default=1), normalized


def _compound_through_noun(token: Token) -> tuple[str, Token] | None:
    """ "au capital de X", "à la tête de X", "au sein de X": the argument is the noun's
    complement X and the preposition the whole phrase."""
    case = case_of(token)
    if case is None:
        return None
    for child in token.children:
        if child.dep_ in ("nmod", "obl", "obl:arg") and (case_of(child) or "").endswith("de"):
            det = [c.lower_ for c in token.children if c.dep_ == "det" and c.i < token.i]
            phrase = " ".join([case, *det, token.lower_, "de"]).replace("' ", "'").replace("l' ", "l'")
            phrase = phrase.replace("à le", "au")
            if tuple(_words(phrase)) in syntax().compounds:
                return phrase, child
    return None


def expand(token: Token) -> list[Token]:
    """A head and the heads coordinated with it ("A, B et C" -> [A, B, C])."""
    out = [token]
    for child in _conjuncts(token):
        out.extend(expand(child))
    if token.pos_ == "NOUN":
        # "les groupes A et B": the names the noun introduces are listed after it
        for child in token.children:
            if child.dep_ in ("nmod", "appos") and child.pos_ == "PROPN" and case_of(child) is None \
                    and child.i > token.i:
                out.extend(t for conj in _conjuncts(child) for t in expand(conj))
    return out


def _conjuncts(token: Token) -> list[Token]:
    """The nominal conjuncts of `token`; a list ends at its "et"/"ou": a conjunct after that
    one, set off by a comma, is the parser's attachment of what follows ("Fondée par A et B,
    l'entreprise compte …": the company is not a founder)."""
    out: list[Token] = []
    closed = False
    for child in sorted(_conj_children(token), key=lambda c: c.i):
        if not _conjunct_name(child) or _starts_clause(child):
            continue
        has_cc = any(c.dep_ == "cc" for c in child.children)
        if closed and not has_cc:
            break
        out.append(child)
        closed = closed or has_cc
    return out


def _starts_clause(token: Token) -> bool:
    """A conjunct right before a finite verb that has no subject is that verb's subject."""
    doc = token.doc
    k = token.i + 1
    while k < len(doc) and doc[k].dep_ == "flat:name" and doc[k].head.i == token.i:
        k += 1
    if k >= len(doc) or doc[k].pos_ not in ("AUX", "VERB"):
        return False
    verb = doc[k] if doc[k].pos_ == "VERB" or doc[k].head.i == doc[k].i else doc[k].head
    return verb.pos_ == "VERB" and _stranded_subject(verb) is not None and verb.i > token.i


def _conj_children(token: Token) -> list[Token]:
    """The conjuncts of `token`, and those the parser hung on a relative clause of it ("A,
    dont la filiale fournit …, et B participent": B is A's conjunct, not the verb's)."""
    out = [c for c in token.children if c.dep_ == "conj"]
    for relative in token.children:
        if relative.dep_ == "acl:relcl":
            out += [c for c in relative.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")
                    and any(g.dep_ == "cc" for g in c.children) and c.i > relative.i]
    return out


def _conjunct_name(token: Token) -> bool:
    """A nominal conjunct, or a name the tagger called an adjective ("KKR et TowerBrook")."""
    return token.pos_ in _NOMINAL or (token.pos_ in ("ADJ", "DET") and token.text[:1].isupper()
                                      and token.i > 0 and not token.is_sent_start)


def stray_conjunct(token: Token) -> Token | None:
    """The first conjunct that `_conjuncts` leaves out of `token`'s list, if any."""
    kept = {c.i for c in _conjuncts(token)}
    closed = False
    for child in sorted(_conj_children(token), key=lambda c: c.i):
        if not _conjunct_name(child):
            continue
        if closed and child.i not in kept:
            return child
        closed = closed or any(c.dep_ == "cc" for c in child.children)
    for child in token.children:
        if child.dep_ == "conj" and child.i in kept:
            found = stray_conjunct(child)
            if found is not None:
                return found
    return None


def _is_reflexive(verb: Token) -> bool:
    return any(c.lemma_ == "se" or (c.dep_.startswith("expl") and c.pos_ == "PRON") for c in verb.children)


def _is_passive(verb: Token) -> bool:
    """Passive voice; a pronominal verb's "être" ("s'est allié") is its compound tense."""
    if any(c.lower_ in ("s'", "s’", "se", "me", "m'", "nous", "vous", "te", "t'") and c.dep_.startswith("expl")
           for c in verb.children):
        return False
    return any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children)


def _negation(token: Token) -> tuple[bool, bool]:
    """(negated, no longer) from the negation adverbs of `token`."""
    negs = [c for c in token.children if c.dep_ == "advmod" and ("Neg" in c.morph.get("Polarity") or c.lower_ in
                                                                     ("pas", "jamais", "nullement", "aucunement"))]
    if not negs:
        return False, False
    words = {c.lower_ for c in negs}
    if words & syntax().no_longer and not words & {"pas", "jamais"}:
        return False, True
    if words == {"ne"} or words == {"n'"} or words == {"n’"}:
        # a lone "ne" is expletive ("avant qu'il ne parte") unless "plus"/"pas" follow
        return False, False
    return True, False


_PRONOUN_WORDS = frozenset(
    "il elle ils elles on nous vous je tu qui que quoi ce cela ça ceci lui leur y en se le la les".split())


def _nominal_name(token: Token) -> bool:
    """A noun or a name, including names the tagger called pronouns ("Scaleway" as PRON)."""
    return token.pos_ in ("PROPN", "NOUN") or (token.pos_ == "PRON" and token.lower_ not in _PRONOUN_WORDS
                                               and token.text[:1].isupper())


def _finite(verb: Token) -> bool:
    """A finite verb, or a participle with a finite auxiliary ("ont fondé")."""
    return "Fin" in verb.morph.get("VerbForm") or any(
        c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm") for c in verb.children)


def _planned_verb(verb: Token) -> bool:
    """The conditional is a plan ("devrait investir"); the future only with a time to come
    ("créera X en 2026", "dirigera Y à partir de janvier"): without one, the press's future
    states the terms of a deal ("Ardian apportera 80 millions au nouvel ensemble")."""
    syn = syntax()
    for token in [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]:
        if set(token.morph.get("Mood")) & syn.planned_moods:
            return True
        if set(token.morph.get("Tense")) & syn.planned_tenses:
            return any(t.lower_ in syn.future_times or (t.like_num and len(t.text) == 4)
                       for t in verb.subtree if t.dep_ != "punct")
    return False


def _relative_antecedent(token: Token, verb: Token) -> Token:
    """ "qui"/"que" of a relative clause stand for the noun the clause modifies."""
    if "Rel" in token.morph.get("PronType") and verb.dep_ == "acl:relcl":
        return verb.head
    if _misparsed_relative(token, verb):
        # "…au capital de Numergy, qu'il a cofondé": the relative the parser hung on the main
        # verb stands for the name right before its comma
        return token.doc[token.i - 2]
    return token


def _misparsed_relative(token: Token, verb: Token) -> bool:
    doc = token.doc
    return (token.lower_ in ("qu'", "qu’", "que", "qui") and token.pos_ == "PRON" and verb.dep_ != "acl:relcl"
            and token.i >= 2 and doc[token.i - 1].text == "," and doc[token.i - 2].pos_ in ("PROPN", "NOUN"))


def _scope(verb: Token) -> list[Token]:
    """The clause's own tokens: the verb's subtree without the clauses nested in it."""
    out: list[Token] = []
    stack = [verb]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if child.dep_ in _CLAUSAL and child.pos_ in ("VERB", "AUX") and child.i != verb.i:
                continue
            if child.dep_ == "conj" and child.pos_ == "VERB" and token.i == verb.i:
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


# --- verbal clauses -----------------------------------------------------------------


def _verb_positions(verb: Token, clause: Clause, trigger: Trigger) -> None:
    passive = _is_passive(verb)
    for child in verb.children:
        dep = child.dep_
        if dep == "nsubj" and _clitic_object(child, verb):
            # "et la Région lui a octroyé …" parsed with "lui" as the subject: the clitic is the
            # indirect object, the noun right before it the subject
            clause.add("iobj", [child])
            before = child.doc[child.i - 1]
            if before.pos_ in ("NOUN", "PROPN") and child.i - 1 > verb.sent.start:
                clause.add("subj", [before])
            continue
        if dep in ("nsubj", "nsubj:pass", "csubj"):
            position = "obj" if (dep == "nsubj:pass" or passive) else "subj"
            clause.add(position, expand(_relative_antecedent(child, verb)))
        elif dep == "obl:agent":
            clause.add("subj", expand(child))
        elif dep == "obj":
            if child.i > verb.i and any(c.dep_ == "obj" and _misparsed_relative(c, verb) for c in verb.children):
                continue  # the relative "qu'" is the object: a later "object" is the parser's mistake
            target = _relative_antecedent(child, verb)
            if trigger.noun and child.lemma_.lower() == trigger.noun:
                _noun_complements(child, clause, trigger.noun_prep)
                continue
            clause.add("obj", expand(target))
            _lift(child, clause)
        elif child.lower_ == "y" and child.pos_ == "PRON":
            # "X y a adhéré", "Y y a investi": the clitic stands for the "à"/"dans" argument
            clause.add("pp:à", [child])
            clause.add("pp:dans", [child])
        elif dep == "iobj":
            clause.add("iobj", [child])
        elif dep in ("advmod", "xcomp") and child.pos_ == "PROPN" and case_of(child) is None and child.i > verb.i:
            # the parser's "racheté Gemalto" as an adverb: a bare name after the verb is its object
            clause.add("obj", expand(child))
        elif dep == "advmod" and child.pos_ == "ADV":
            # "auprès de X": the adverb heads the prepositional argument
            for grand in child.children:
                if grand.pos_ in _NOMINAL and grand.dep_ in ("obl", "obl:arg", "obl:mod", "nmod"):
                    case = case_of(grand)
                    if case and case.endswith(("de", "à")):
                        clause.add("pp:" + (case if " " in case else f"{child.lower_} {case}"), expand(grand))
        elif dep in ("obl", "obl:arg", "obl:mod", "nmod", "advmod") and child.pos_ in _NOMINAL:
            if trigger.noun and child.lemma_.lower() == trigger.noun:
                _noun_complements(child, clause, trigger.noun_prep)
                continue
            if case_of(child) == "par" and _compound_through_noun(child) is None and (passive or (
                    "Part" in verb.morph.get("VerbForm") and "Past" in verb.morph.get("Tense"))):
                # "fondée par SFR et Bull" with the agent parsed as a plain oblique
                clause.add("subj", expand(child))
            else:
                _prepositional(child, clause)
            if passive or _past_participle(verb):
                # "Fondé en 1952 à Martigues par Henri Vernhes": the agent the parser hung on the
                # place or date before it
                for grand in child.children:
                    if grand.dep_ == "nmod" and grand.pos_ in ("PROPN", "NOUN") and case_of(grand) == "par" \
                            and grand.i > child.i and "subj" not in clause.args:
                        clause.add("subj", expand(grand))
            if child.lemma_.lower() in _TIME_NOUNS:
                # "a fondé X la même année avec B": the parser hung the verb's "avec" on the time
                for grand in child.children:
                    if grand.dep_ == "nmod" and grand.pos_ in _NOMINAL and case_of(grand) == "avec":
                        clause.add("pp:avec", expand(grand))
        elif dep == "expl:comp" and child.lemma_ in ("lui", "leur"):
            clause.add("iobj", [child])
        elif child.lower_ == "y" and child.pos_ == "PRON":
            # "X y a adhéré", "Y y a investi": the clitic stands for the "à"/"dans" argument
            clause.add("pp:à", [child])
            clause.add("pp:dans", [child])


def _past_apposition(subjects: list[Token]) -> list[Token]:
    """ "Fondée par A et B, deux ingénieurs …, la start-up a bouclé …": the parser made the
    agents' apposition the subject and the real subject its conjunct; an indefinite first
    "subject" (no definite article) followed by a definite one is that apposition."""
    if len(subjects) < 2 or subjects[0].pos_ != "NOUN":
        return subjects
    first_det = [c for c in subjects[0].children if c.dep_ == "det"]
    last_det = [c for c in subjects[-1].children if c.dep_ == "det"]
    if first_det and "Def" in first_det[0].morph.get("Definite"):
        return subjects
    if last_det and "Def" in last_det[0].morph.get("Definite"):
        return subjects[-1:]
    return subjects


_TIME_NOUNS = frozenset({"année", "an", "mois", "semaine", "jour", "époque", "moment", "période", "date", "été",
                         "hiver", "printemps", "automne"})


def _names_hung_on_verb(verb: Token, clause: Clause) -> None:
    """ "fondée par A, un ancien négociant, et B, …": a name after "et" that the parser made a
    conjunct of the verb (past an apposition) is one more of the argument right before it."""
    for child in verb.children:
        if child.dep_ != "conj" or child.pos_ not in ("PROPN", "NOUN") or child.i < verb.i \
                or any(c.dep_ in ("nsubj", "obj", "aux", "aux:tense", "cop") for c in child.children):
            continue
        # the name right after the "et" (the conjunct itself, or the name before its apposition
        # when the parser made the apposition the conjunct: "et Léa Morin, une ancienne avocate")
        name = next((t for t in child.subtree if t.pos_ == "PROPN" and t.i > 0 and t.doc[t.i - 1].lower_ == "et"
                     and t.doc[t.i - 1].dep_ == "cc"), None)
        if name is None:
            continue
        before = [(t.i, position) for position, tokens in clause.args.items() for t in tokens if t.i < name.i]
        if before:
            clause.add(max(before)[1], [name])


def _clitic_object(pronoun: Token, verb: Token) -> bool:
    """ "lui"/"leur" right before the verb or its auxiliary is never its subject."""
    if pronoun.lower_ not in ("lui", "leur") or pronoun.i >= verb.i:
        return False
    following = pronoun.doc[pronoun.i + 1]
    return following.i == verb.i or (following.head.i == verb.i and following.dep_.startswith("aux"))


def _agents_after_agent(verb: Token, clause: Clause) -> None:
    """ "Il est fondé par A, l'armateur B, PDG de C, et D": names after the passive's agent
    that the parser made its subjects are more agents (the undergoer comes before the verb)."""
    if not _is_passive(verb) or not clause.args.get("subj") or not clause.args.get("obj"):
        return
    first_agent = min(t.i for t in clause.args["subj"])
    later = [t for t in clause.args["obj"] if t.i > first_agent]
    if later:
        clause.args["obj"] = [t for t in clause.args["obj"] if t.i < first_agent]
        if not clause.args["obj"]:
            del clause.args["obj"]
        clause.add("subj", later)


def _prepositional(child: Token, clause: Clause, lift_bare: bool = False) -> None:
    """A prepositional argument by its preposition ("pp:dans"), a compound one through its
    noun ("au capital de X": pp:au capital de), and what an amount or funding noun in it
    lends the clause (`_lift`; also without a preposition when `lift_bare`)."""
    through = _compound_through_noun(child)
    if through is not None:
        clause.add("pp:" + through[0], expand(through[1]))
        return
    case = case_of(child)
    if case:
        clause.add("pp:" + case, expand(child))
    if case or lift_bare:
        _lift(child, clause)


def _lift(token: Token, clause: Clause, depth: int = 0) -> None:
    """An amount or a grant noun lends its complements to the clause: "a obtenu 12 millions
    d'euros *de Bpifrance*", "a reçu une subvention de 3 M€ *de X*", "une levée de 12 M€
    *menée par Y*"."""
    if depth > 2 or not (token.lemma_.lower() in syntax().carriers or token.pos_ == "NUM"):
        return
    for child in token.children:
        if child.dep_ in ("nmod", "obl", "obl:arg") and child.pos_ in _NOMINAL:
            case = case_of(child)
            if case and child.lemma_.lower() not in syntax().carriers:
                clause.add("pp:" + case, expand(child))
            _lift(child, clause, depth + 1)
        elif child.dep_ == "amod":
            # "des membres fondateurs de X": the parser may hang "de X" under the adjective
            for grand in child.children:
                if grand.dep_ == "nmod" and grand.pos_ in _NOMINAL and case_of(grand):
                    clause.add("pp:" + case_of(grand), expand(grand))
        elif child.dep_ == "acl" and child.pos_ == "VERB":
            for grand in child.children:
                if grand.dep_ == "obl:agent":
                    clause.add("support-agent", expand(grand))
                    clause.add("pp:par", expand(grand))


def _also(verb: Token, clause: Clause) -> None:
    """Doers joined without "et": "A, tout comme B et C", "A, ainsi que B", "A, suivis par B et
    C" (the followers of a verb of joining or giving)."""
    if "subj" not in clause.args:
        return
    for child in verb.children:
        if child.dep_ in ("obl", "obl:mod", "nmod", "advmod") and child.pos_ in _NOMINAL:
            marks = {c.lower_ for c in child.children if c.dep_ in ("advmod", "case", "cc", "fixed")}
            if {"tout", "comme"} <= marks or {"ainsi", "que"} <= marks or {"de", "même", "que"} <= marks:
                clause.add("subj", expand(child))
        elif child.dep_ in ("advcl", "acl") and child.lemma_.lower() in syntax().followers:
            for agent in child.children:
                if agent.dep_ == "obl:agent" or (agent.dep_ in ("obl", "obl:arg") and case_of(agent) == "par"):
                    clause.add("subj", expand(agent))
                    # the rest of the list the parser hung elsewhere: "…, Microsoft et Google"
                    for extra in verb.children:
                        if extra.i > agent.i and extra.pos_ == "PROPN" and extra.dep_ in ("dep", "conj", "obj"):
                            clause.add("subj", expand(extra))


def _noun_complements(noun: Token, clause: Clause, prep: str | None) -> None:
    """The complements of a trigger's noun ("prendre la tête *de X*") as the clause's own."""
    for child in noun.children:
        if child.dep_ in ("nmod", "obl", "obl:arg") and child.pos_ in _NOMINAL:
            case = case_of(child)
            if case:
                clause.add("pp:" + case, expand(child))


def _inherit(verb: Token, clause: Clause) -> str:
    """Arguments the verb shares with the clause around it; returns the construction."""
    dep, head = verb.dep_, verb.head
    has_subj = "subj" in clause.args
    if _is_passive(verb) and "obj" in clause.args:
        construction = "passive"
    else:
        construction = "active"
    objects = clause.args.get("obj", [])
    if not has_subj and not _is_passive(verb) and _finite(verb) and objects and objects[0].i < verb.i \
            and _nominal_name(objects[0]) and "Rel" not in objects[0].morph.get("PronType") \
            and verb.dep_ != "acl:relcl":
        # the parser's "Scaleway quitte Gaia-X" with both names as objects: the one before is the subject
        first = objects[0]
        clause.args["obj"] = [t for t in objects if t.i > verb.i]
        if not clause.args["obj"]:
            del clause.args["obj"]
        clause.add("subj", expand(first))
        return "repaired-subject"
    if not has_subj and dep in ("conj", "dep", "parataxis") and head.pos_ == "PROPN" and head.i < verb.i \
            and _finite(verb):
        # the parser's "Thales | et Atos annoncent …": a finite verb hung under the names before it
        subjects = expand(head) + [c for c in verb.children if c.i < verb.i and c.pos_ in ("PROPN", "NOUN")
                                   and c.dep_ in ("dep", "conj", "nmod") and case_of(c) is None]
        clause.add("obj" if _is_passive(verb) else "subj", subjects)
        return "repaired-subject"
    if dep == "acl:relcl":
        return "relative" if construction == "active" else "relative-passive"
    if dep == "acl" and "Part" in verb.morph.get("VerbForm"):
        # "Z, créée en 2012 par X": Z is what the participle says of; "X, détenant Y": the doer
        if "Past" in verb.morph.get("Tense"):
            # what comes after the participle is not what it says of ("S3NS, la coentreprise
            # créée par Thales et Google": Google is no conjunct of the coentreprise); a name
            # right before it is, where the parser hung it on the noun before ("la création,
            # d'une part, de X enlevé par A": X, not "part")
            before = verb.doc[verb.i - 1] if verb.i > 0 else None
            said_of = head
            if before is not None and before.head.i == head.i and before.dep_ == "nmod" and _nominal_name(before) \
                    and before.pos_ in ("PROPN", "NOUN") and before.text[:1].isupper():
                said_of = before
            clause.add("obj", [t for t in expand(said_of) if t.i < verb.i])
        elif not has_subj:
            clause.add("subj", expand(head))
        return "participle"
    if dep == "conj" and head.pos_ in ("VERB", "AUX") and not has_subj:
        outer = _outer_clause(head)
        if outer is not None:
            if "subj" in outer.args and not (_is_passive(verb) and "obj" not in clause.args):
                clause.add("subj", outer.args["subj"])
            elif _is_passive(verb) and "obj" in outer.args and "obj" not in clause.args:
                clause.add("obj", outer.args["obj"])
        return "coordinated-verb"
    if (dep in ("advcl", "obl:mod", "obl", "dep", "parataxis", "acl") and verb.i < head.i
            and _past_participle(verb)
            and "obj" not in clause.args and not any(c.dep_.startswith("aux") for c in verb.children)):
        # "Fondée en 2008 par A, Z emploie …": Z is what the participle says of
        outer = _outer_clause(head)
        if outer is not None and outer.args.get("subj"):
            clause.add("obj", _past_apposition(outer.args["subj"]))
            return "fronted-participle"
    if (dep == "ROOT" and "obj" not in clause.args and clause.args.get("subj")
            and _past_participle(verb)
            and not any(c.dep_.startswith("aux") for c in verb.children)
            and all(t.is_punct or t.is_space for t in verb.doc[verb.sent.start : verb.i])):
        # "Fondée en 2019 par A et B, l'entreprise compte …" parsed with the participle as the
        # root: what it says of is the noun the parser hung after the agents' list
        stray = next((s for s in (stray_conjunct(t) for t in clause.args["subj"][:1]) if s is not None), None)
        if stray is not None:
            clause.add("obj", [stray])
            return "fronted-participle"
        # "Fondée en 2015 par A et B, Lumio emploie …" with the main verb a conjunct of the
        # participle: its subject is what the participle says of
        main = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and _finite(c)), None)
        subject = [c for c in main.children if c.dep_ == "nsubj"] if main is not None else []
        if subject and verb.doc[subject[0].i - 1].text == ",":
            clause.add("obj", expand(subject[0]))
            return "fronted-participle"
    if dep in ("xcomp", "advcl", "ccomp") and not has_subj and head.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
        marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
        outer = _outer_clause(head)
        if outer is None:
            return construction
        if _past_participle(verb) and dep == "advcl":
            # "Fondée en 2008 par A, Z emploie …": Z is what the participle says of
            if "obj" not in clause.args:
                clause.add("obj", outer.args.get("subj", []))
            return "fronted-participle"
        controller = outer.args.get("subj", [])
        clause.add("subj", controller)
        if marks & {"pour", "afin"}:
            # "X s'allie à Y pour créer Z": the partners of the outer verb act too
            for position in ("pp:avec", "pp:à", "pp:aux côtés de"):
                if position in outer.args and (position != "pp:à" or _is_reflexive(head)):
                    clause.add("subj", outer.args[position])
            return "purpose-clause"
        return "control"
    return construction


def _outer_clause(verb: Token) -> Clause | None:
    if verb.pos_ not in ("VERB", "AUX", "NOUN", "ADJ"):
        return None
    clause = Clause(verb, "outer")
    _verb_positions(verb, clause, Trigger(verb.lemma_, verb.lemma_, False, None, None, None, "verb"))
    if verb.pos_ in ("NOUN", "ADJ"):
        # a copula's predicate: "X est prêt à investir"
        for child in verb.children:
            if child.dep_ == "nsubj":
                clause.add("subj", expand(child))
    _inherit(verb, clause)
    return clause


def _governed_modality(verb: Token) -> tuple[bool, bool]:
    """(planned, negated) from the verbs governing `verb` through infinitives ("envisage de
    racheter", "n'a pas souhaité investir")."""
    syn = syntax()
    planned = negated = False
    token = verb
    for _ in range(3):
        infinitive = "Inf" in token.morph.get("VerbForm")
        if token.head.i == token.i or not (token.dep_ in ("xcomp", "ccomp") or (
                token.dep_ == "advcl" and infinitive)):
            break
        governor = token.head
        # (the participle too: "motivée pour rejoindre" is "motivé")
        written = governor.lower_
        participle = written.removesuffix("s").removesuffix("e")
        if governor.lemma_.lower() in syn.planned_governors or any(
                form in syn.planned_governors for form in (*lemmas(governor), written, participle)):
            planned = True
        # "n'a pas souhaité investir" denies the investment; "n'oublions pas que X a investi" does not
        if _negation(governor)[0] and infinitive and token.dep_ == "xcomp":
            negated = True
        token = governor
    return planned, negated


def _opening_subject(verb: Token) -> list[Token]:
    """The subject a finite main verb lost in the parse ("La jeune pousse X, qui conçoit …, lève
    30 M€"): the first noun or name of its sentence before it, outside any prepositional
    phrase, relative clause or quotation."""
    sent = verb.sent
    depth = 0
    for token in sent:
        if token.i >= verb.i:
            break
        if token.text in ("«", "“", '"'):
            depth += 1
        elif token.text in ("»", "”"):
            depth -= 1
        if depth or token.pos_ not in ("PROPN", "NOUN"):
            continue
        if case_of(token) is not None or (token.dep_ in ("obl", "obl:mod", "nmod", "obj") and token.pos_ != "PROPN"):
            return []
        if any(a.dep_ in ("acl:relcl", "advcl") and a.i < token.i for a in token.ancestors):
            return []
        return expand(token)
    return []


def _word_before(verb: Token) -> Token | None:
    """The head of the name right before the verb and its auxiliaries, if any."""
    first = min([verb, *(c for c in verb.children if c.dep_.startswith("aux") and c.i < verb.i)], key=lambda t: t.i)
    if first.i < 1:
        return None
    name = first.doc[first.i - 1]
    while name.dep_ == "flat:name" and name.head.i < name.i:
        name = name.head
    return name


def _name_before(verb: Token) -> Token | None:
    """The name right before the verb (and its auxiliaries), outside a prepositional phrase."""
    name = _word_before(verb)
    if name is None or name.pos_ != "PROPN" or case_of(name) is not None:
        return None
    return name


def _stranded_subject(verb: Token) -> Token | None:
    """The name right before a finite verb with no subject, which the parser made a conjunct
    of the clause before ("La Caisse y a engagé 75 M€ et Thales avait apporté 50 M€")."""
    if any(c.dep_ in ("nsubj", "nsubj:pass") for c in verb.children) or not _finite(verb):
        return None
    name = _word_before(verb)
    if name is None or name.dep_ != "conj" or not _nominal_name(name) or name.pos_ == "PRON":
        return None
    if not any(c.dep_ == "cc" for c in name.children) or case_of(name) is not None:
        return None
    return name


def _nominal_descendants(verb: Token, depth: int) -> list[Token]:
    """The nouns under the verb's complements, `depth` levels down, without entering clauses."""
    out: list[Token] = []
    level = [verb]
    for _ in range(depth):
        level = [c for t in level for c in t.children
                 if c.dep_ in ("obj", "obl", "obl:arg", "obl:mod", "nmod") and c.pos_ in _NOMINAL]
        out += level
    return out


def read_verb_clause(verb: Token, trigger: Trigger) -> Clause | None:
    """The clause of a verb matching `trigger`, or None when the parse does not show it."""
    if trigger.reflexive and not _is_reflexive(verb):
        return None
    deep: list[Token] = []
    if trigger.noun:
        nouns = [c for c in verb.children if c.lemma_.lower() == trigger.noun or c.lower_ == trigger.noun]
        if not nouns:
            # "participent chacun à hauteur de 10 % au capital de X": the parser hung the noun
            # under the verb's other complements
            deep = [t for t in _nominal_descendants(verb, 3)
                    if t.lemma_.lower() == trigger.noun and case_of(t) is not None]
            if not deep:
                return None
    clause = Clause(verb, "active")
    _verb_positions(verb, clause, trigger)
    _agents_after_agent(verb, clause)
    _names_hung_on_verb(verb, clause)
    for noun in deep[:1]:
        _noun_complements(noun, clause, trigger.noun_prep)
    stranded = _stranded_subject(verb)
    named = _name_before(verb)
    if named is not None and clause.args.get("subj") and all(
            t.pos_ == "NOUN" and not any(c.dep_ == "det" for c in t.children) and named in t.children
            for t in clause.args["subj"]):
        # "Côté écosystème, Hexanuage a adhéré …": the bare noun of an opening phrase is no subject
        clause.args["subj"] = [named]
        clause.construction = "repaired-subject"
    elif "subj" not in clause.args and stranded is not None and not _is_passive(verb):
        clause.add("subj", [stranded])
        clause.construction = "repaired-subject"
    else:
        clause.construction = _inherit(verb, clause)
    if "subj" not in clause.args and verb.dep_ in ("ROOT", "parataxis") and _finite(verb) and not _is_passive(verb):
        lost = _opening_subject(verb)
        if lost:
            clause.add("subj", lost)
            clause.construction = "repaired-subject"
    _also(verb, clause)
    clause.negated, clause.no_longer = _negation(verb)
    planned, negated = _governed_modality(verb)
    clause.planned = planned or _planned_verb(verb)
    clause.negated = clause.negated or negated
    clause.scope = _scope(verb)
    return clause


# --- nominal clauses ----------------------------------------------------------------


def read_noun_clause(noun: Token, trigger: Trigger) -> Clause | None:
    """The clause of a nominal trigger ("la création de Z par X", "sa levée de fonds")."""
    syn = syntax()
    if trigger.complement:
        if not any(c.lemma_.lower() == trigger.complement or c.lower_ == trigger.complement
                   for c in noun.subtree if c.i > noun.i and c.i <= noun.i + 3):
            return None
    clause = Clause(noun, "nominal")
    for child in noun.children:
        if child.dep_ in ("nmod", "obl", "obl:arg", "acl") and child.pos_ in _NOMINAL:
            if trigger.complement and child.lemma_.lower() == trigger.complement:
                for grand in child.children:
                    if grand.dep_ == "nmod" and grand.pos_ in _NOMINAL and case_of(grand):
                        clause.add("pp:" + case_of(grand), expand(grand))
                        _lift(grand, clause)
                    elif grand.dep_ == "acl" and grand.pos_ == "VERB":
                        for agent in grand.children:
                            if agent.dep_ == "obl:agent":
                                clause.add("support-agent", expand(agent))
                                clause.add("pp:par", expand(agent))
                continue
            _prepositional(child, clause, lift_bare=True)
        elif child.dep_ == "det" and "Yes" in child.morph.get("Poss"):
            owner = _possessor(noun)
            clause.add("poss", owner or [child])
        elif child.dep_ == "amod" and child.lemma_.lower() in syn.planned_modifiers:
            clause.planned = True
        elif child.dep_ == "acl" and child.pos_ == "VERB":
            # "la levée de fonds menée par X": the participle's doer
            inner = Clause(child, "inner")
            _verb_positions(child, inner, Trigger(child.lemma_, child.lemma_, False, None, None, None, "verb"))
            if "subj" in inner.args:
                clause.add("support-agent", inner.args["subj"])
                clause.add("pp:par", inner.args["subj"])
            for position, tokens in inner.args.items():
                if position.startswith("pp:"):
                    clause.add(position, tokens)
    if noun.dep_ == "appos":
        # "La société, filiale commune de A, de B et de C": the parser hangs the later "de"
        # complements on the noun the apposition is said of
        for child in noun.head.children:
            if child.i > noun.i and child.dep_ == "nmod" and child.pos_ in _NOMINAL \
                    and case_of(child) == "de" and noun.doc[child.i - 1].text != "(":
                previous = [t for t in noun.doc[noun.i : child.i] if not t.is_space]
                if any(t.text == "," for t in previous[-3:]):
                    clause.add("pp:de", expand(child))
    for child in noun.children:
        if child.dep_ == "conj" and child.pos_ == "PROPN" and any(c.dep_ == "cc" for c in child.children) \
                and clause.args.get("pp:de") and max(t.i for t in clause.args["pp:de"]) < child.i:
            # "la co-entreprise X de A et B" with B hung on the noun: one more "de" argument
            clause.add("pp:de", [child])
    for child in noun.children:
        if child.dep_ in ("appos", "flat:name", "nmod", "amod") and child.pos_ == "PROPN" and case_of(child) is None \
                and child.is_alpha and not (child.i > 0 and child.doc[child.i - 1].text == "-"):
            # (not "Bull" of "de SFR-Bull": the partner of a name before)
            clause.add("named", [child])
    head = noun.head
    plural = "Plur" in noun.morph.get("Number")
    separated = noun.i > 0 and any(t.text == "," for t in noun.doc[head.i + 1 : noun.i]) if head.i < noun.i else False
    if noun.dep_ == "appos" or (noun.dep_ in ("conj", "dep", "nmod", "parataxis") and separated
                                and _nominal_name(head) and case_of(noun) is None):
        # "X, la coentreprise de A et B", "A et B, membres du consortium Y" (the parser may call
        # the apposition a conjunct): what the noun is said of comes before it
        said_of = [t for t in expand(head) if t.i < noun.i] if plural else [head]
        clause.add("named", said_of)
        clause.add("holder", said_of)
    for child in noun.children:
        if child.dep_ == "appos" and child.pos_ in ("PROPN", "NOUN") and (child.pos_ == "PROPN" or "holder" not in
                                                                          clause.args):
            clause.add("named", [child])
            clause.add("holder", [child])
        if child.dep_ == "nsubj":
            # a copula: "X est une coentreprise de A et B", "X est membre de Y"
            clause.add("named", expand(child))
            clause.add("holder", expand(child))
    listed = _parenthesized(noun)
    if listed:
        # "les 4 « associés » (l'État, Orange, Dassault Systèmes et Thales)": who the noun names
        clause.add("holder", listed)
    if any(c.dep_ == "cop" for c in noun.children):
        # a copula's predicate: "X n'est plus membre de Y" (negation and "plus" on the predicate),
        # and the parser's inverted "Ikoula | n'est plus membre": the name it hung the predicate under
        clause.negated, clause.no_longer = _negation(noun)
        if noun.dep_ in ("nsubj", "dep", "appos", "conj", "obl:mod", "obl") and head.i < noun.i and (
                head.pos_ in ("PROPN", "NOUN") or (head.text[:1].isupper() and head.i == noun.sent.start)):
            clause.add("holder", expand(head))
            clause.add("named", expand(head))
    if head.lemma_.lower() in syn.planned_nouns and noun.dep_ == "nmod":
        clause.planned = True
    if noun.dep_ in ("obj", "nsubj:pass", "nsubj") and head.pos_ == "VERB":
        verb = head
        outer = Clause(verb, "support")
        _verb_positions(verb, outer, Trigger(verb.lemma_, verb.lemma_, False, None, None, None, "verb"))
        _inherit(verb, outer)
        is_object = noun.dep_ in ("obj", "nsubj:pass") or _is_passive(verb)
        leading = verb.lemma_.lower() in syn.leading
        if (verb.lemma_.lower() in syn.support or leading) and is_object:
            if noun.dep_ == "nsubj:pass" or _is_passive(verb) or leading:
                # "le tour de table est mené par X": X leads it, it is not X's own
                clause.add("support-agent", outer.args.get("subj", []))
            else:
                clause.add("support", outer.args.get("subj", []))
            for position, tokens in outer.args.items():
                if position.startswith("pp:") or position == "iobj":
                    clause.add(position, tokens)
            negated, _ = _negation(verb)
            planned, governed_neg = _governed_modality(verb)
            clause.negated = clause.negated or negated or governed_neg
            clause.planned = clause.planned or planned or _planned_verb(verb)
            clause.scope = _scope(verb)
            clause.construction = "nominal-support"
    if noun.dep_ in ("obl:arg", "obl", "obl:mod", "obj") and head.pos_ == "VERB" \
            and head.lemma_.lower() in syn.outcome:
        # "le projet P a débouché sur la création de X": what the noun's event came out of
        outer = Clause(head, "outcome")
        _verb_positions(head, outer, Trigger(head.lemma_, head.lemma_, False, None, None, None, "verb"))
        _inherit(head, outer)
        clause.add("outcome", outer.args.get("subj", []))
        negated, _ = _negation(head)
        clause.negated = clause.negated or negated
        clause.planned = clause.planned or _planned_verb(head) or _governed_modality(head)[0]
        clause.construction = "nominal-outcome"
    if noun.dep_ in ("xcomp", "obl", "obl:mod") and head.pos_ in ("VERB", "AUX"):
        # "X a été nommé membre de Y", "X devient membre de Y"
        outer = Clause(head, "predicate")
        _verb_positions(head, outer, Trigger(head.lemma_, head.lemma_, False, None, None, None, "verb"))
        _inherit(head, outer)
        clause.add("holder", outer.args.get("obj") or outer.args.get("subj") or [])
    if not clause.scope:
        clause.scope = list(noun.subtree)
    return clause


def _parenthesized(noun: Token) -> list[Token]:
    """The names listed in parentheses right after a noun (closing quotes skipped)."""
    doc = noun.doc
    k = noun.i + 1
    while k < len(doc) and (doc[k].text in ("»", "”", '"') or doc[k].is_space):
        k += 1
    if k >= len(doc) or doc[k].text != "(":
        return []
    out = []
    for token in doc[k + 1 : min(len(doc), k + 30)]:
        if token.text == ")":
            return out
        if token.pos_ in ("PROPN", "NOUN") and token.dep_ not in ("flat:name", "amod") and not any(
                c.dep_ == "case" and c.i < token.i for c in token.children):
            out.append(token)
    return []


def _possessor(noun: Token) -> list[Token]:
    """ "X a annoncé son départ": the possessive of a verb's object is the verb's subject."""
    head = noun.head
    if noun.dep_ not in ("obj", "nsubj:pass") or head.pos_ not in ("VERB", "AUX"):
        return []
    outer = Clause(head, "possessor")
    _verb_positions(head, outer, Trigger(head.lemma_, head.lemma_, False, None, None, None, "verb"))
    _inherit(head, outer)
    return outer.args.get("subj", [])


def _mistagged_verb(token: Token) -> bool:
    """A finite verb the tagger read as a noun or adjective of the name before it ("La Région
    Auvergne-Rhône-Alpes injecte 2 M€ …": "injecte" as a modifier of "Région"): lower case,
    with no determiner or preposition, right after the name, in a sentence with no verb."""
    head = token.head
    if token.pos_ not in ("NOUN", "ADJ") or token.dep_ not in ("amod", "nmod", "appos", "dep", "conj"):
        return False
    if not token.is_lower or head.i >= token.i or head.pos_ not in ("PROPN", "NOUN"):
        return False
    if any(c.dep_ in ("det", "case", "cop", "nummod") for c in token.children):
        return False
    if not (head.pos_ == "PROPN" or any(c.text[:1].isupper() and c.i < token.i for c in head.children)):
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in token.sent)


def read_mistagged_verb_clause(token: Token) -> Clause:
    """The clause of a `_mistagged_verb`: the name before it is its subject, the
    complements the parser hung after it (on it or on the name) are its own."""
    head = token.head
    clause = Clause(token, "repaired-verb")
    clause.add("subj", [head])
    for child in sorted([*token.children, *(c for c in head.children if c.i > token.i)], key=lambda c: c.i):
        if child.pos_ not in _NOMINAL or child.dep_ in ("punct", "flat:name"):
            continue
        if case_of(child) is None and "obj" not in clause.args:
            clause.add("obj", expand(child))
            _lift(child, clause)
        else:
            _prepositional(child, clause)
    clause.scope = sorted({*token.subtree, *(t for c in head.children if c.i > token.i for t in c.subtree)},
                          key=lambda t: t.i)
    return clause


def read_clause(token: Token, trigger: Trigger) -> Clause | None:
    if trigger.kind == "verb":
        if _mistagged_verb(token) and not trigger.reflexive and not trigger.noun:
            return read_mistagged_verb_clause(token)
        if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.dep_ == "ROOT") \
                and not _past_participle(token):
            return None
        return read_verb_clause(token, trigger)
    nominalized = token.pos_ == "VERB" and "Part" in token.morph.get("VerbForm") and any(
        c.dep_ == "det" for c in token.children)  # "les associés"
    if token.pos_ not in ("NOUN", "PROPN", "ADJ") and not nominalized:
        return None
    return read_noun_clause(token, trigger)
