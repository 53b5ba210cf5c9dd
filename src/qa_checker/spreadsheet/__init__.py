"""Spreadsheet intake: proposals to and from CSV, one proposal per row.

The columns are generated from the proposal model (``columns.py``), so the CSV layout
can never drift from what ``check`` accepts. Reading a cell (``parse.py``), turning a
row into a proposal (``build.py``) and back (``flatten.py``), writing YAML
(``yamlout.py``) and the two commands (``importer.py``, ``exporter.py``) are kept
apart; ``docs/csv.md`` documents the cell syntax and its column table comes from
``doc_table.py``.
"""
