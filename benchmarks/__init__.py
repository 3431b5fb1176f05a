"""Benchmarks (not tests): timing scripts run by hand; see each module."""
