"""The ``gwr`` command line of gwr-tagger."""
