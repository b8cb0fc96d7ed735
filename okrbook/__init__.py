"""okrbook: a Jupyter workbook for the quarterly department OKR retrospective."""

__version__ = "0.1.0"
