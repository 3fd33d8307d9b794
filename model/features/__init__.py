"""Sentence features: segmentation, n-gram TF-IDF and the domain dictionary's keyword hits."""
