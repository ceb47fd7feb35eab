"""The third stage: label each sentence.

Words come from jieba with the domain dictionary (:mod:`.tokenizer`, :mod:`.prefixdict`); each
sentence is described by feature strings in the context of its report (:mod:`.features`); a
linear model stored as plain data scores them (:mod:`.model`).
"""
