"""Comparing runs: config differences, leaderboards and a comparison plot."""
