"""Benchmarks: scripts that print figures (``python benchmarks/NAME.py``, ``make bench``).

The editable install (``make test``/``make run``) puts the checkout on ``sys.path``, so a
script imports its helpers as ``benchmarks._corpus`` and the tests' as ``tests.helpers.*``
without editing ``sys.path``.
"""
