"""Choice labels as data. The interface shows a choice's `label` in the reader's language; what
leaves or enters the system as a file or a message (imports, exports, integration payloads) keeps
the source language's label (Chinese, the msgid), whoever made it, so that an export imports again
and a partner system sees one word per state.

Built at call time, never at import (the translation machinery is not ready then), and cached: the
source labels do not depend on the language."""

from functools import cache

from django.conf import settings
from django.utils import translation

__all__ = ["source_text", "source_label", "source_labels", "lookup"]


def source_text(text) -> str:
    """A translatable text (a lazy label) in the source language."""
    with translation.override(None):
        return str(text)


def source_label(choice) -> str:
    """The label of one choice (`Status.NEW`, `Status("new")`) in the source language."""
    return source_text(choice.label)


@cache
def source_labels(choices) -> dict:
    """{value: source-language label} for a Choices class."""
    with translation.override(None):
        return {value: str(label) for value, label in choices.choices}


@cache
def lookup(choices) -> dict:
    """{what a cell may say: value}: the value itself, or its label in any installed language."""
    found = {value: value for value in choices.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found |= {str(label): value for value, label in choices.choices}
    found |= {label: value for value, label in source_labels(choices).items()}
    return found
