"""The web app and REST API behind `eventwire serve` (needs the `web` extra).

`create_app` in `app.py` builds it; nothing here imports spaCy — extraction goes through
`eventwire.core`, loaded by the extraction worker when first needed.
"""
