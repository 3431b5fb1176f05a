"""Cost and usage reports: overview, drill-down, usage, deviations, home headline, the employee view."""
