"""Outputs: exports (CSV, XLSX, Parquet) and the automatic monthly report."""
