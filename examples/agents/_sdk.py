"""Imports the aosh Python SDK for the demo agents: installed, or from this source checkout."""
import os
import sys

try:
    import aosh  # noqa: F401
except ImportError:  # running from a source checkout
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "sdk", "python"))
    import aosh  # noqa: F401
