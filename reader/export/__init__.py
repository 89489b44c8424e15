"""Renderings of a Comparison outside the terminal UI: text (CLI) and HTML (sharing).

``reader.export.text.render_text`` and ``reader.export.html.render_html``; the shared
presentation rules (row markers, labels, summary, wrapping) live in ``layout``.
No Textual imports, so the CLI stays light.
"""
