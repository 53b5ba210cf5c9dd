"""Compliance reports a QA board can file: HTML from Jinja2 templates, PDF via WeasyPrint.

Nothing here is imported by ``qa-checker check``: the command line imports these
modules only inside ``report`` and ``doctor``, so the pre-commit path never pays for
Jinja2 or WeasyPrint. Each module has one job:

- ``checked``  check one proposal and keep its document (the report needs its data)
- ``plain``    proposal values as layout-safe text (clipped, long runs made breakable)
- ``states``   one display state per finding or clause, worst first
- ``sections`` frameworks, their clauses and findings (cover, matrix, sections)
- ``review``   what a person must still do: evidence to confirm, judgement checklist
- ``facts``    the proposal's key facts and its outcome × competency × assessment coverage
- ``repro``    how to reproduce the report: versions, input hash, pinned date
- ``svg``      geometry of the inline SVG charts (the templates draw them)
- ``context``  assemble everything above into the one object the templates read
- ``html``     the Jinja2 environment (autoescape on, strict undefined) and rendering
- ``fetcher``  the only door WeasyPrint has to the outside: packaged assets only
- ``deadline`` the per-render time limit
- ``pdf``      HTML to tagged PDF/A-3u or PDF/UA-1, with a clear error if a library is missing
- ``doctor``   what the PDF path needs, and whether it is there
- ``command``  the batch behind ``qa-checker report``
"""
