"""Optimisation: rules and thresholds, the plan catalogue, decisions, optimisation reports."""
