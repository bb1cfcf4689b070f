"""Moved to ``editor.model.document.values`` (the merge shares it); kept until every import follows."""

from editor.model.document.values import canon, jsonable, same

__all__ = ["canon", "jsonable", "same"]
