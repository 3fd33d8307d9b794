"""Loading a registered gwr-tagger model and scoring report text with it."""
