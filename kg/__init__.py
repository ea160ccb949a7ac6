"""fupin-kg: knowledge graphs from Chinese poverty-alleviation news.

Nothing heavy happens at import time; the public functions load their
modules when first called.
"""
__version__ = "0.1.0"
