"""Test configuration.

Under CI (the ``CI`` environment variable is set) property tests draw the same examples
on every run, so that a submission's result does not depend on luck; locally they keep
exploring new examples and remember failures in .hypothesis/.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
