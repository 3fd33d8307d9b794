"""Indicator mentions: numbers and units, the candidate pattern, and the learned extractor."""
