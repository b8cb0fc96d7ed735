"""Findings: what an analysis saw, said the same way whichever analysis saw it.

The microscope's checks, the projection, the alignment and the history all
report their notes as :class:`Finding` values, so every view (the forms, the
tables, ``okrbook check``, the minutes) shows a problem with one set of texts
in both languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from okrbook import i18n

# Ordered from "the data is broken" to "worth a look".
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One thing the microscope saw, with its explanation in both languages.

    ``check`` is the stable id of the check (``two_goals``, ``kr_is_task``...);
    its texts live in :mod:`okrbook.i18n` under ``check_<id>``,
    ``check_<id>_why`` and ``check_<id>_fix``. Other analyses (projection,
    alignment, history) report their notes as findings too, so a view can
    show every problem the same way.
    """

    check: str
    severity: str
    target_id: str
    target_title: str
    params: tuple[tuple[str, Any], ...] = ()

    def param(self, name: str, default: Any = None) -> Any:
        return dict(self.params).get(name, default)

    def _text(self, suffix: str, lang: str) -> str:
        params = {"id": self.target_id, "title": self.target_title, **dict(self.params)}
        return i18n.message(f"check_{self.check}{suffix}", lang, **params)

    def message(self, lang: str = "en") -> str:
        """What was seen, naming the objective or KR."""
        return self._text("", lang)

    def why(self, lang: str = "en") -> str:
        """Why it matters, in a sentence."""
        return self._text("_why", lang)

    def fix(self, lang: str = "en") -> str:
        """How to fix it, in a sentence."""
        return self._text("_fix", lang)


def finding(check: str, severity: str, target_id: str, target_title: str, **params: Any) -> Finding:
    """Build a finding; keyword params fill the message's placeholders."""
    return Finding(check, severity, target_id, target_title, tuple(params.items()))


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; sheet order kept within each."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: rank.get(f.severity, len(SEVERITIES)))
