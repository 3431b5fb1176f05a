"""Saldoviesti: the monthly employee text message and its GSM 03.38 length."""
