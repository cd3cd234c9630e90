"""Benchmarks of the array model against a plain Mesa implementation of the core rules.

Run with ``python -m benchmarks`` (or ``make bench``); see ``benchmarks/README.md``.
"""
