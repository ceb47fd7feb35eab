"""The second stage: a report's text read as a document.

Sentences by the labelling guide's unit rules with their heading paths (:mod:`.sentences`, built
on :mod:`.markers`, :mod:`.outline` and :mod:`.lines`); the flow of the text with wrapped lines
joined (:mod:`.flow`); numbers and amounts as reports write them (:mod:`.numbers`); table rows
and tables (:mod:`.tables`); the title block (:mod:`.title`).  Nothing here needs a model.
"""
