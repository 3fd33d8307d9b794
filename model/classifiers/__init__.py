"""Sentence classifiers: the theme and quant_target heads, their thresholds, and the keyword baseline."""
