"""Pure presentation shared by the CLI, the exports and the TUI (no Textual; only
``rich.cells`` for character widths).

- ``cells``: the one width in terminal cells, ``fit`` and ``pad`` to a width, and
  ``wrap`` to offsets — every view measures, cuts and wraps with these.
- ``comparison``: what a diff row means to a reader (its marker), document labels, the
  summary line, a cell's text with its marks.
- ``diff_rows``: the diff view's rows laid out in columns (prepared, wrapped, placed),
  and the pieces of each line; the TUI's ``DiffTable`` draws them.
- ``article``: a document as blocks (title, meta line, paragraphs, inlines) and their
  lines: the TUI's article pane and ``reader show`` typeset the same blocks.
- ``listing``: the sidebar's rows (documents grouped by story and version).
"""
