"""Members' forms made before the layers keep opening: ``from okrbook.forms_prework import open_prework``."""

from okrbook.notebook.prework_form import open_prework

__all__ = ["open_prework"]
