"""``compound``: one statement that bundles several outcomes.

"Analyse sensor data and design a maintenance plan" is two outcomes, each needing its
own assessment. The heuristic splits the statement at commas, semicolons and "and"/"or"
and counts the pieces that open with an action verb from the list; adverbs such as
"safely" before the verb are skipped.

Two readings keep it from flagging single outcomes, because a false alarm on a
well-written outcome costs a designer more than a missed one:

- A word that is also a noun (``nouns``, e.g. "design") opens an outcome after a
  conjunction only when it stands alone ("design and build a deck") or a determiner,
  pronoun, preposition or adverb follows it ("... and design a plan"). Otherwise it
  starts a noun phrase: "Describe structural systems and design considerations" is
  one outcome with two objects.
- Once the statement has an infinitive ("to install", "how to install"), later verbs
  are read as part of it: "Explain how to install and maintain a heat pump" is one
  outcome.
"""

from __future__ import annotations

import re
from typing import Any

from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.pointer import select

NAME = "compound"

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["fields", "verbs"],
    "properties": {
        "fields": {"type": "string", "description": "Path selecting the statements."},
        "verbs": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
            "description": "Action verbs that open an outcome.",
        },
        "nouns": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Listed verbs that are also nouns (design, program): after a conjunction they "
            "count only when alone or followed by a determiner, pronoun, preposition or adverb.",
        },
        "max": {"type": "integer", "minimum": 1, "default": 1, "description": "Verbs allowed."},
    },
}

_SPLIT = re.compile(r",\s*(?:and|or)\s+|;\s*|\s+(?:and|or)\s+|,\s*", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F'-]+")

# Words that follow a verb but not a noun used as a modifier ("design a plan" against
# "design considerations"): determiners, pronouns, numbers and prepositions.
_AFTER_VERB = frozenset(
    """a an the this that these those its their his her your our my each every all any some
    both either one two three four five several multiple them it for to with from into in
    on at by using according about between""".split()
)


def compile(params: dict[str, Any]) -> Check:
    verbs = {v.lower() for v in params["verbs"]}
    nouns = {n.lower() for n in params.get("nouns", [])}
    limit, fields = params.get("max", 1), params["fields"]

    def opening_verb(piece: str, first: bool) -> str | None:
        words = _WORD.findall(piece)
        for index, word in enumerate(words[:2]):
            lowered = word.lower()
            if lowered in verbs:
                if not first and lowered in nouns and index + 1 < len(words):
                    after = words[index + 1].lower()
                    if after not in _AFTER_VERB and not after.endswith("ly"):
                        return None  # a noun phrase: "and design considerations"
                return str(word)
            if not lowered.endswith("ly"):
                return None
        return None

    def has_infinitive(piece: str) -> bool:
        words = [w.lower() for w in _WORD.findall(piece)]
        return any(a == "to" and b in verbs for a, b in zip(words, words[1:], strict=False))

    def check(data: Any) -> CheckResult:
        outcome = CheckResult()
        for pointer, text in select(data, fields):
            if not isinstance(text, str):
                continue
            found: list[tuple[int, str]] = []
            start = 0
            infinitive = False
            for sep in [*_SPLIT.finditer(text), None]:
                end = sep.start() if sep else len(text)
                piece = text[start:end]
                verb = None if infinitive else opening_verb(piece, first=start == 0)
                if verb:
                    found.append((start + piece.find(verb), verb))
                infinitive = infinitive or has_infinitive(piece)
                start = sep.end() if sep else start
            if len(found) > limit:
                params = {"verbs": ", ".join(v for _, v in found), "count": len(found)}
                outcome.violations.append(Violation(pointer, params, offset=found[limit][0]))
        return outcome

    return check
