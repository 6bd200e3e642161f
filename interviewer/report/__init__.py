"""Reports: one synthesis (``model.Report``) rendered as HTML, Markdown or JSON.

``model.py`` is the data every format shows (and the JSON format is, validated by the shipped
``schema.json``); ``render.py`` turns it into files; ``charts.py`` draws the inline SVG charts.
"""
