"""What a prediction needs: reading reports, splitting sentences, and the fitted models."""
