"""The fourth stage: what a reviewer reads off a report.

Its key figures — budget, spending and its breakdown, execution rate, self-evaluation score,
year and unit (:mod:`.keyfigures`) — its projects (:mod:`.projects`) and its performance
indicators (:mod:`.indicators`), all read from a :class:`~nlp_perf.document.LabelledReport`.
"""

from .keyfigures import FIGURE_KEYS, extract_figures, is_allocation

__all__ = ["FIGURE_KEYS", "extract_figures", "is_allocation"]
