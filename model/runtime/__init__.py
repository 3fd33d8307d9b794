"""What a saved model is at run time: its array form, verified artifacts, the MLflow wrapper and store."""
