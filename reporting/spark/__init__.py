"""The operator-wide monthly batch on Apache Spark (job) and its loader into the analytical
stores (load); docs/architecture.md, "Operator-wide batch on Spark"."""
