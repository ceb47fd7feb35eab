"""The last stage: results as people read them.

A table on the terminal, JSON and CSV (:mod:`.text`); an HTML page per report with an index for
a batch (:mod:`.html`); and the files ``--out`` writes — .jsonl, .json, .csv, .xlsx, .html —
each written whole or not at all (:mod:`.files`).
"""
