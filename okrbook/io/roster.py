"""The company's roster as a workbook finds it: ``company.yaml`` in a folder above.

A department is a folder of the company folder and a quarter a folder of the
department, so a quarter's form looks two levels up. The member's form reads
it to know who is logged in (on JupyterHub); the company and the hub read the
same file through :mod:`okrbook.company.folder`.
"""

from __future__ import annotations

from pathlib import Path

from okrbook.core import fields as f
from okrbook.core.roster import ROSTER_FIELD, Person, roster_from_list
from okrbook.errors import OkrbookError
from okrbook.io.files import read_mapping

COMPANY_FILE = "company.yaml"
_LEVELS = 3  # a prework folder, its quarter, its department: then the company


def company_above(folder: str | Path) -> Path | None:
    """The nearest folder holding ``company.yaml``, from ``folder`` up to the company of its department."""
    here = Path(folder).resolve()
    for candidate in [here, *here.parents][: _LEVELS + 1]:
        if (candidate / COMPANY_FILE).is_file():
            return candidate
    return None


def load_roster(company: str | Path) -> list[Person]:
    """The roster of the company folder; an error names ``company.yaml`` and the field."""
    path = Path(company) / COMPANY_FILE
    try:
        raw = f.mapping(read_mapping(path), "")
        return roster_from_list(raw.get(ROSTER_FIELD))
    except OkrbookError as err:
        raise err.located(file=path) from None
