"""Notebooks made before the layers keep opening.

Their first cell reads ``from okrbook.forms import open_meeting``.
"""

from okrbook.notebook.meeting import open_meeting

__all__ = ["open_meeting"]
