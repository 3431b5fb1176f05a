"""Budgets per cost centre and organisation, against actual costs and the month-end forecast."""
