"""Stage 2–3: a :class:`~kg.model.Document` becomes :class:`~kg.model.Facts`.

The extractor is an interface — any callable ``Document -> Facts`` — kept in
a small registry, so that a statistical or LLM-based extractor can be plugged
in beside the rules without touching reading (stage 1) or the graph (stages
4–6)::

    from kg.extract import register, extract
    register("mine", my_extractor)
    facts = extract(doc, extractor="mine")

The default, ``"rules"``, is :func:`kg.extract.rules.extract_rules`.
"""
from __future__ import annotations

from typing import Callable

from kg.model import Document, Facts

__all__ = ["Extractor", "extract", "register", "extractors"]

Extractor = Callable[[Document], Facts]
_REGISTRY: dict[str, Extractor | str] = {"rules": "kg.extract.rules:extract_rules"}


def register(name: str, extractor: Extractor) -> None:
    """Make ``extractor`` available as ``extract(doc, extractor=name)``."""
    _REGISTRY[name] = extractor


def extractors() -> list[str]:
    """Names of the registered extractors."""
    return sorted(_REGISTRY)


def _resolve(name: str) -> Extractor:
    target = _REGISTRY.get(name)
    if target is None:
        from kg.errors import UsageError
        raise UsageError(f"unknown extractor {name!r}; known: {', '.join(extractors())}", code="E201")
    if isinstance(target, str):   # imported on first use: no work at import time
        import importlib
        module, _, attr = target.partition(":")
        target = getattr(importlib.import_module(module), attr)
        _REGISTRY[name] = target
    return target


def extract(doc: Document, extractor: str = "rules") -> Facts:
    """Facts of one document, by the named extractor."""
    return _resolve(extractor)(doc)
