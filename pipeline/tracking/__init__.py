"""Optional experiment tracking (MLflow, local file store), behind `tracking.enabled`."""
