"""Which editor shows a field: a registry keyed by the field's kind type, plus the few variants a
field asks for by its own data (a score with the pillars' mean beside it, a context label that
offers a name). A kind without an entry uses its nearest registered base kind, else one line of text.
"""

from __future__ import annotations

from editor.model.schema import kinds
from editor.model.schema.fields import Field
from editor.ui.form.base import FieldEditor
from editor.ui.form.chips import ChipsEditor
from editor.ui.form.relations import RelationsEditor
from editor.ui.form.scalars import (
    ContextLabelEditor,
    DateEditor,
    EnumEditor,
    LongTextEditor,
    NumberEditor,
    OverallScoreEditor,
    ScoreEditor,
    TextEditor,
    TimestampEditor,
)
from editor.ui.form.tables import TableEditor

EDITORS: dict[type[kinds.Kind], type[FieldEditor]] = {
    kinds.Text: TextEditor,  # also url
    kinds.LongText: LongTextEditor,
    kinds.Slug: TextEditor,  # also id
    kinds.Enum: EnumEditor,
    kinds.Number: NumberEditor,  # also weight and integer, with their own decimals and step
    kinds.Score: ScoreEditor,
    kinds.Date: DateEditor,
    kinds.Timestamp: TimestampEditor,
    kinds.Strings: ChipsEditor,
    kinds.Relations: RelationsEditor,
    kinds.Table: TableEditor,
}

BESIDE: dict[str, type[FieldEditor]] = {"mean": OverallScoreEditor}  # by ``Field.beside``


def editor_class(f: Field) -> type[FieldEditor]:
    if f.beside in BESIDE:
        return BESIDE[f.beside]
    if f.suggest:
        return ContextLabelEditor
    return next((EDITORS[t] for t in type(f.type).__mro__ if t in EDITORS), TextEditor)
