"""One table names a form's fields (model.labels): the file's messages, the
importer's notes, the differences shown on a conflict and the app's labels
read the same words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model import DocumentError, loads_document
from model.labels import FIELD_LABELS
from model.storage import diff_documents

ROOT_FIELDS = 'schema = 1\nkind = "department"\ntitle = "表"\n'


@pytest.mark.parametrize("key", ["declared_total", "budget", "reason"])
def test_a_file_message_and_the_app_name_a_field_alike(key):
    from tui.fields import FIELDS

    labels = {spec.name: spec.label for specs in FIELDS.values() for spec in specs}
    line = {"declared_total": "declared_total = 1e30\n",
            "budget": "[execution]\nbudget = 1e30\n",
            "reason": '[[goals]]\ntitle = "g"\n[[goals.levels]]\n[[goals.levels.sublevels]]\n'
                      '[[goals.levels.sublevels.indicators]]\nname = "i"\nreason = 5\n'}[key]
    with pytest.raises(DocumentError) as caught:
        loads_document(ROOT_FIELDS + line)
    (problem,) = caught.value.problems
    assert problem.place.endswith(f"{labels[key]}（{key}）")
    assert labels[key] == FIELD_LABELS[key]


def test_a_difference_on_disk_names_the_field_as_the_app_does():
    from tui.fields import FIELDS

    label = next(spec.label for spec in FIELDS["document"] if spec.name == "declared_total")
    before = loads_document(ROOT_FIELDS + "declared_total = 90\n")
    after = before.model_copy(update={"declared_total": Decimal("91")})
    (difference,) = diff_documents(before, after)
    assert label in str(difference)


def test_the_app_keeps_no_table_of_its_own():
    from tui import strings

    assert strings.FIELD_LABELS is FIELD_LABELS
    assert not hasattr(strings, "LABELS")


def test_the_problems_of_a_refused_file_read_as_one_line():
    with pytest.raises(DocumentError) as caught:
        loads_document(ROOT_FIELDS + "declared_total = 1e30\nyear = 1\n")
    error = caught.value
    assert len(error.problems) == 2
    assert error.summary() == "；".join(p.message for p in error.problems)
    assert error.summary(1) == error.problems[0].message and "\n" not in error.summary()
