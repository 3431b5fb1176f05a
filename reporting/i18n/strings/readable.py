"""Words for values in tables a person reads (reporting/ui/readable.py)."""

STRINGS = {
    "readable.yes": {"fi": "Kyllä", "en": "Yes"},
    "readable.no": {"fi": "Ei", "en": "No"},
    "readable.no_rows": {"fi": "Ei rivejä.", "en": "No rows."},
}
