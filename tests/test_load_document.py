"""Loading the document: idempotent, all or nothing, with errors that name the record."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import DOCUMENT_FIXTURE
from themes.models import Constat, Keyword, Organisation, Piste, Question, Solution, Theme

pytestmark = pytest.mark.django_db

MODELS = [Organisation, Theme, Question, Keyword, Solution, Constat, Piste]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def write_fixture(tmp_path, records):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def test_loading_twice_changes_nothing(capsys):
    call_command("load_document")
    first = counts()
    first_texts = list(Constat.objects.order_by("pk").values_list("pk", "text"))
    call_command("load_document")
    assert counts() == first
    assert list(Constat.objects.order_by("pk").values_list("pk", "text")) == first_texts
    assert "0 ajoutés" in capsys.readouterr().out


def test_loading_keeps_corrections_made_in_the_admin_unless_asked_to_update():
    call_command("load_document")
    theme = Theme.objects.get(position=1)
    theme.title = "Titre corrigé"
    theme.save()
    call_command("load_document")
    theme.refresh_from_db()
    assert theme.title == "Titre corrigé"
    call_command("load_document", "--update")
    theme.refresh_from_db()
    assert theme.title == "Les processus et dispositifs d’accompagnement"


def test_record_with_a_missing_field_is_named_and_nothing_is_loaded(tmp_path):
    records = json.loads(DOCUMENT_FIXTURE.read_text(encoding="utf-8"))
    question_index = next(i for i, r in enumerate(records) if r["model"] == "themes.question")
    del records[question_index]["fields"]["text"]
    path = write_fixture(tmp_path, records)

    with pytest.raises(CommandError) as error:
        call_command("load_document", str(path))

    message = str(error.value)
    assert f"enregistrement n° {question_index + 1} (themes.question" in message
    assert "champ(s) manquant(s) : text" in message
    assert "la base n’a pas été modifiée" in message
    assert all(value == 0 for value in counts().values())


def test_dangling_natural_key_is_named_and_nothing_is_loaded(tmp_path):
    records = json.loads(DOCUMENT_FIXTURE.read_text(encoding="utf-8"))
    solution_index = next(i for i, r in enumerate(records) if r["model"] == "themes.solution")
    records[solution_index]["fields"]["theme"] = ["wallonie-picarde", "atelier-inexistant"]
    path = write_fixture(tmp_path, records)

    with pytest.raises(CommandError) as error:
        call_command("load_document", str(path))

    message = str(error.value)
    assert f"enregistrement n° {solution_index + 1} (themes.solution" in message
    assert "atelier-inexistant" in message
    assert "clé naturelle inconnue" in message
    assert all(value == 0 for value in counts().values())


def test_a_failed_load_leaves_an_already_loaded_document_as_it_was(tmp_path):
    call_command("load_document")
    before = counts()
    records = [
        {"model": "themes.organisation", "fields": {"slug": "nouvelle", "name": "Nouvelle"}},
        {"model": "themes.organisation", "fields": {"slug": "sans-nom"}},
    ]
    with pytest.raises(CommandError, match="sans-nom"):
        call_command("load_document", str(write_fixture(tmp_path, records)))
    assert counts() == before
    assert not Organisation.objects.filter(slug="nouvelle").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "n’est pas du JSON valide"),
        ('{"model": "themes.theme"}', "doit contenir une liste"),
        ('[{"model": "themes.inconnu", "fields": {}}]', "modèle inconnu"),
        ('[{"model": "themes.organisation", "pk": 3, "fields": {}}]', "clé primaire"),
    ],
)
def test_malformed_fixture_gets_a_clear_error(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=expected):
        call_command("load_document", str(path))
