"""factcheck: check the numbers in news about international trade.

The public API; everything the CLI does is reachable from here.
"""

__version__ = "0.1.0"
