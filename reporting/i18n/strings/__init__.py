"""One module per product area, each with STRINGS = {key: {"fi": ..., "en": ...}}."""
