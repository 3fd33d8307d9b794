"""What builds and judges a model: the labelled dataset, training, evaluation and tracking."""
