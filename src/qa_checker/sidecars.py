"""Where a proposal's review file sits, and its decisions read only when it exists.

Kept apart from ``reviews`` (which builds the review-file models when imported) so a
check of proposals without a review file, the usual case, never pays for those models.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qa_checker.limits import Limits

if TYPE_CHECKING:
    from qa_checker.reviews import Decision

SUFFIX = ".review.yaml"


def sidecar(proposal: Path) -> Path:
    """``programs/bev.yaml`` → ``programs/bev.review.yaml``."""
    return proposal.with_name(proposal.stem + SUFFIX)


def decisions(proposal: Path, limits: Limits) -> list[Decision]:
    """The recorded decisions on ``proposal``, oldest first; none without a review file."""
    path = sidecar(proposal)
    if not path.exists():
        return []
    from qa_checker import reviews

    return reviews.load(path, limits, str(path))
