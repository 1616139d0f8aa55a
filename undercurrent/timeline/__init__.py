"""Narrative timelines: temporal expressions in Dutch and English, resolved to dated intervals."""
from .tagger import TimeExpression, tag

__all__ = ["TimeExpression", "tag"]
