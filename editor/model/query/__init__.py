"""The query language, one parser for every filter: ``status:draft overall<3 -has:tools``.

``parse`` gives the AST (``parser.py``), ``compile_query`` a predicate over ``Subject``s
(``evaluate.py``), ``read_folder`` the subjects of a folder with their full data (``load.py``).
"""

from editor.model.query.evaluate import Subject, compile_query, id_map, link_targets, lookup
from editor.model.query.load import read_folder, read_subject
from editor.model.query.parser import QueryError, parse
from editor.model.query.store import QueryStore, query_store

__all__ = [
    "QueryError",
    "QueryStore",
    "Subject",
    "compile_query",
    "id_map",
    "link_targets",
    "lookup",
    "parse",
    "query_store",
    "read_folder",
    "read_subject",
]
