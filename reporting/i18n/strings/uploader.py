"""The file uploader's own texts in the language (reporting/ui/uploader.py)."""

STRINGS = {
    "upload.limit": {"fi": "Enintään {mb} Mt tiedostoa kohden · {types}",
                     "en": "At most {mb} MB per file · {types}"},
    "upload.button": {"fi": "Valitse tiedostot", "en": "Choose files"},
    "upload.drop": {"fi": "Pudota tiedostot tähän", "en": "Drop the files here"},
}
