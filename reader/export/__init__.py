"""What the CLI writes: JSON (``json``), a document as text (``article``), a comparison as
text (``text.render_text``) or HTML (``html.render_html``), ANSI colour (``ansi``), and
safe output files (``output``). The presentation rules they share with the TUI (row
markers, labels, summary, wrapping, document blocks) live in ``reader.view``.
No Textual imports, so the CLI stays light.
"""
