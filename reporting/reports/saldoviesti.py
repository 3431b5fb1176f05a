"""Registers the Saldoviesti report (the logic lives in reporting.messages)."""

from reporting.messages import saldoviesti

__all__ = ["saldoviesti"]
