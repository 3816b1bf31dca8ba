"""The CI evaluation gate: checks on metrics.json, one line per failure, JUnit XML for CI systems."""
