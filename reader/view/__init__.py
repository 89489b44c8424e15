"""Pure presentation shared by the CLI, the exports and the TUI (no Textual; only
``rich.cells`` for character widths).

- ``comparison``: what a diff row means to a reader (its marker), document labels, the
  summary line, the word-wrapper with offsets, and cutting text to a width in cells.
- ``article``: a document as blocks (title, meta line, paragraphs, inlines) and their
  wrapping: the TUI's article pane and ``reader show`` typeset the same blocks.
- ``listing``: the sidebar's rows (documents grouped by story and version).
"""
