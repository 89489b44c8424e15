"""Helpers shared by the tests (and some benchmarks); fixtures stay in ``tests/conftest.py``.

- ``pilot``: ``settle(pilot)``, wait until the reader has loaded, detected and grouped.
- ``comparisons``: hand-made documents and comparisons for the diff view and exports.
- ``hostile``: hostile texts and cache damage, built at run time.
- ``terminal``: the real ``reader`` in a pseudo-terminal.
- ``web``: a local HTTP server, feeds and press-release pages.
"""
