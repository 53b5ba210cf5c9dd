"""Gaps, not rule hits: group the findings that one change to the proposal would settle.

Several frameworks often ask for the same thing. A proposal that names no employer
partner fails BC-C4.2, ECO-P1.2 and GP-3.1 at once; listed rule by rule that is three
findings, and a board that triages by count ranks a thin proposal above a detailed one.
A gap is what the designer has to fix, reported once with every rule, clause and
framework it blocks.

Each failing finding carries a ``gap`` key, set by the engine from what the rule reads:
- ``evidence:<types>``: a missing document (evidence rules). Gaps that one document type
  settles together are one gap; a chain of partial overlaps is not (a document of type
  A and B does not settle a gap that wants C).
- ``items:<pattern>``: rules failing on items of a list (every outcome, every
  competency), by the field with indices replaced by ``*``. It lists the items and
  their lines, so fifteen unlinked outcomes are one line, not fifteen.
- ``field:<pointer>``: anything else, by the field it is about. A finding at the
  proposal's root (a rule that looks at several fields at once) is keyed by the fields
  its check reads, joined with ``+``, so two unrelated root-level rules never merge.
- ``rule:<id>``: a root-level finding whose fields cannot be told.

Field gaps are then joined when one rule fails at several of them (ECO-F5 at both
``transcript_recorded`` and ``record_type`` is one missing fact), and when one's
fields contain the other's (``/cost`` and ``/cost/financial_aid_eligible``).
Review items are grouped by their prompt (``prompt:<text>``): the same question asked
of several items is asked once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qa_checker.document import join, split
from qa_checker.findings import SEVERITY_RANK, Finding, Severity, Status

EVIDENCE = "evidence:"
ITEMS = "items:"
FIELD = "field:"
RULE = "rule:"
PROMPT = "prompt:"
WILDCARD = "*"


def key_of(check_spec: Any, rule_id: str, pointer: str) -> str:
    """The gap a failing finding of this rule at ``pointer`` belongs to."""
    if isinstance(check_spec, dict) and check_spec.get("builtin") == "evidence":
        types = (check_spec.get("with") or {}).get("types") or []
        return EVIDENCE + ",".join(sorted(str(t) for t in types))
    tokens = split(pointer)
    if any(token.isdigit() for token in tokens):
        pattern = ""
        for token in tokens:
            pattern = join(pattern, WILDCARD if token.isdigit() else token)
        return ITEMS + pattern
    if pointer:
        return FIELD + pointer
    return _root_key(check_spec, rule_id)


def _root_key(check_spec: Any, rule_id: str) -> str:
    """A root-level finding: keyed by the fields its check reads, when they can be told."""
    from qa_checker.rule_inputs import WHOLE, _check_inputs

    found = _check_inputs(check_spec) if isinstance(check_spec, dict) else None
    paths = sorted({i.path for i in found or () if i.keep is None})
    if not paths or WHOLE in paths:
        return RULE + rule_id
    return FIELD + "+".join(paths)


def item_of(get: Callable[[str], Any], pointer: str) -> tuple[str, int]:
    """For a pointer inside a list: the item's label (its ``id``, else its position as a
    designer reads it) and how many items the list holds; ``("", 0)`` otherwise.

    The outermost list counts: an outcome's statement belongs to outcome LO3 of 15."""
    tokens = split(pointer)
    for i, token in enumerate(tokens):
        if not token.isdigit():
            continue
        parent = ""
        for part in tokens[:i]:
            parent = join(parent, part)
        items = get(parent)
        item = get(join(parent, token))
        label = item.get("id") if isinstance(item, dict) else None
        if not isinstance(label, str) or not label.strip():
            label = f"{tokens[i - 1] if i else ''}[{token}]"
        return label, len(items) if isinstance(items, list) else 0
    return "", 0


def key(finding: Finding) -> str:
    """The finding's own key, before groups are joined (see ``group``)."""
    if finding.status is Status.NEEDS_REVIEW:
        return PROMPT + finding.message
    return finding.gap or FIELD + finding.pointer


@dataclass(frozen=True)
class Gap:
    """One thing to fix: its findings (the first is the one shown) and what it blocks."""

    key: str
    findings: tuple[Finding, ...]

    @property
    def lead(self) -> Finding:
        return self.findings[0]

    @property
    def severity(self) -> Severity:
        return max((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)

    @property
    def rules(self) -> tuple[Finding, ...]:
        """One finding per rule, the most severe rule first, then by rule ID."""
        seen: dict[str, Finding] = {}
        for finding in self.findings:
            seen.setdefault(finding.rule_id, finding)
        return tuple(sorted(seen.values(), key=lambda f: (-SEVERITY_RANK[f.severity], f.rule_id)))

    @property
    def evidence_types(self) -> tuple[str, ...]:
        """For an evidence gap: the document types that settle every rule in it."""
        if not self.key.startswith(EVIDENCE):
            return ()
        common = None
        for finding in self.findings:
            types = _evidence_types(finding.gap)
            common = types if common is None else common & types
        return tuple(sorted(common or ()))

    @property
    def items(self) -> tuple[Finding, ...]:
        """For a per-item gap, one finding per failing item, in file order; else empty."""
        if not self.key.startswith(ITEMS):
            return ()
        seen: dict[str, Finding] = {}
        for finding in sorted(self.findings, key=lambda f: (f.line or 0, f.column or 0)):
            seen.setdefault(finding.item or finding.pointer, finding)
        return tuple(seen.values())


def _rank(finding: Finding) -> tuple[int, int, int, str]:
    """Most severe first, then earliest in the file, then by rule ID."""
    return (-SEVERITY_RANK[finding.severity], finding.line or 0, finding.column or 0, finding.rule_id)


def _evidence_types(key: str) -> frozenset[str]:
    return frozenset(t for t in key[len(EVIDENCE) :].split(",") if t)


def _field_paths(key: str) -> list[str]:
    return key[len(FIELD) :].split("+") if key.startswith(FIELD) else []


def _paths_and_parents(key: str) -> tuple[frozenset[str], frozenset[str]]:
    """The key's non-empty field paths, and the same with every enclosing path."""
    paths = frozenset(p for p in _field_paths(key) if p)
    up = set(paths)
    for path in paths:
        while "/" in path:
            path = path.rsplit("/", 1)[0]
            if path:
                up.add(path)
    return paths, frozenset(up)


class _Groups:
    """Union-find over gap keys; the smallest key names a group, so output is stable.

    ``anchored`` holds the roots of groups that contain a blocking gap about one field
    (or one evidence type). A join through anything else (a rule reading several
    fields, a lesser finding) may attach it to one anchored group, never fuse two: if
    it did, stating the fact that settles that one rule (a pathway settles BC-C6, which
    reads nine fields) would split the fused group again, and the proposal would show
    more blocking gaps for saying more."""

    def __init__(self, keys: Iterable[str], anchored: Iterable[str]) -> None:
        self.parent = {k: k for k in keys}
        self.anchored = set(anchored)

    def root(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, first: str, second: str, bridge: bool = True) -> None:
        a, b = self.root(first), self.root(second)
        if a == b or (not bridge and a in self.anchored and b in self.anchored):
            return
        low, high = min(a, b), max(a, b)
        self.parent[high] = low
        if high in self.anchored:
            self.anchored.discard(high)
            self.anchored.add(low)


def _is_anchor(key: str) -> bool:
    """A key about one thing: a field, an item list or evidence, not several fields or a
    whole rule."""
    return not key.startswith(RULE) and not (key.startswith(FIELD) and "+" in key)


def _merged_keys(findings: Sequence[Finding]) -> dict[str, str]:
    """Each key → the key of its group (see the module docstring for what joins).

    Joins between anchors (keys of one field, item list or evidence type that carry an
    error) are made first; every other join may then attach a key to one anchored
    group, never fuse two (see ``_Groups``)."""
    keys = sorted({key(f) for f in findings})
    anchors = {k for k in (key(f) for f in findings if f.severity is Severity.ERROR) if _is_anchor(k)}
    pairs: list[tuple[str, str]] = []
    # Evidence: one document type must settle every gap in a group.
    common: list[tuple[str, frozenset[str]]] = []
    for k in (k for k in keys if k.startswith(EVIDENCE)):
        types = _evidence_types(k)
        for i, (first, shared) in enumerate(common):
            if shared & types:
                pairs.append((first, k))
                common[i] = (first, shared & types)
                break
        else:
            common.append((k, types))
    # Fields: one rule failing at two of them, or one's fields inside the other's.
    by_rule: dict[str, str] = {}
    for finding in findings:
        k = key(finding)
        if k.startswith((FIELD, RULE)):
            pairs.append((by_rule.setdefault(finding.rule_id, k), k))
    # Each key's paths, and those paths with every enclosing path: two keys are related
    # when a path of one is, or is inside, a path of the other (set intersections, not a
    # comparison of every pair of paths: this ran for every file of a batch).
    fields = [(k, _paths_and_parents(k)) for k in keys if k.startswith(FIELD)]
    for i, (first, (mine, mine_up)) in enumerate(fields):
        for second, (theirs, theirs_up) in fields[i + 1 :]:
            if not mine_up.isdisjoint(theirs) or not theirs_up.isdisjoint(mine):
                pairs.append((first, second))
    groups = _Groups(keys, anchors)
    for first, second in pairs:
        if first in anchors and second in anchors:
            groups.join(first, second)
    for first, second in pairs:
        groups.join(first, second, bridge=False)
    return {k: groups.root(k) for k in keys}


def group(findings: Sequence[Finding], status: Status = Status.FAIL) -> list[Gap]:
    """The gaps among ``findings`` of one status, most blocking first.

    Order: the most severe gaps first, then those that block more rules, then by their
    lead finding's position, so the first line a designer reads is the fix that
    settles the most."""
    chosen = [f for f in findings if f.status is status]
    merged = _merged_keys(chosen)
    buckets: dict[str, list[Finding]] = {}
    for finding in chosen:
        buckets.setdefault(merged[key(finding)], []).append(finding)
    gaps = []
    for k, members in buckets.items():
        if k.startswith(ITEMS):
            members.sort(key=lambda f: (f.line or 0, f.column or 0, -SEVERITY_RANK[f.severity], f.rule_id))
            lead = min(members, key=_rank)
            members.remove(lead)
            gaps.append(Gap(k, (lead, *members)))
        else:
            gaps.append(Gap(k, tuple(sorted(members, key=_rank))))
    gaps.sort(key=lambda g: (_rank(g.lead)[0], -len(g.rules), g.lead.line or 0, g.lead.column or 0, g.key))
    return gaps


def membership(findings: Sequence[Finding]) -> dict[int, str]:
    """``id(finding)`` → the key of the gap it is reported under, for failures and
    review items (what the JSON ``gap`` key says)."""
    out: dict[int, str] = {}
    for status in (Status.FAIL, Status.NEEDS_REVIEW):
        for gap in group(findings, status):
            for finding in gap.findings:
                out[id(finding)] = gap.key
    return out


def blocking(findings: Sequence[Finding]) -> int:
    """How many gaps hold at least one error: what must be fixed before a framework is met."""
    return sum(1 for g in group(findings) if g.severity is Severity.ERROR)
