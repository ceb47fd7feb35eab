"""Beside the pipeline: labelled corpora, training, evaluation.

Labelled sentences and the files researchers bring them in (:mod:`.examples`); the project's
corpus layout (:mod:`.corpus`); fitting, cross-validating and writing a model (:mod:`.fit`);
scoring a model on gold files (:mod:`.evaluate`, with the metrics of :mod:`.metrics`).
"""
