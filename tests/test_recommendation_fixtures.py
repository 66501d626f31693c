"""The recommendation fixtures against the document fixture, read as JSON: no database needed."""

import json
from collections import Counter
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CONSULTATION = "wallonie-picarde"
THEME_SIZES = {1: 10, 2: 7, 3: 8, 4: 8}
FORMULATION_REASON = "Formulée lors de la journée des Assises de l’Insertion en Wallonie picarde."


def read(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


DOCUMENT = read("assises_wallonie_picarde.json")
RECIPIENTS = read("recipients.json")
RECOMMENDATION_FIXTURE = read("recommendations.json")

RECOMMENDATIONS = [
    r["fields"] for r in RECOMMENDATION_FIXTURE if r["model"] == "recommendations.recommendation"
]
EVENTS = [r["fields"] for r in RECOMMENDATION_FIXTURE if r["model"] == "recommendations.event"]

THEME_SLUGS = {
    r["fields"]["position"]: r["fields"]["slug"] for r in DOCUMENT if r["model"] == "themes.theme"
}
THEME_POSITIONS = {slug: position for position, slug in THEME_SLUGS.items()}


def items(model):
    """Natural key → fields for the document's records of one theme-item model."""
    return {
        (*r["fields"]["theme"], r["fields"]["position"]): r["fields"]
        for r in DOCUMENT
        if r["model"] == model
    }


SOLUTIONS = items("themes.solution")
CONSTATS = items("themes.constat")
PISTES = items("themes.piste")
RECIPIENT_SLUGS = {r["fields"]["slug"] for r in RECIPIENTS}

EXPECTED_REFERENCES = [
    f"R{theme}.{position:02d}"
    for theme, size in THEME_SIZES.items()
    for position in range(1, size + 1)
]


def by_reference():
    return {rec["reference"]: rec for rec in RECOMMENDATIONS}


def test_only_known_models():
    assert {r["model"] for r in RECIPIENTS} == {"recommendations.recipient"}
    assert {r["model"] for r in RECOMMENDATION_FIXTURE} == {
        "recommendations.recommendation",
        "recommendations.event",
    }


def test_recommendations_come_before_events():
    models = [r["model"] for r in RECOMMENDATION_FIXTURE]
    assert models == ["recommendations.recommendation"] * 33 + ["recommendations.event"] * 33


def test_one_recommendation_per_solution_bubble():
    assert len(SOLUTIONS) == 33
    assert [rec["reference"] for rec in RECOMMENDATIONS] == EXPECTED_REFERENCES
    per_theme = Counter(THEME_POSITIONS[rec["theme"][1]] for rec in RECOMMENDATIONS)
    assert per_theme == THEME_SIZES


@pytest.mark.parametrize("reference", EXPECTED_REFERENCES)
def test_recommendation_matches_its_solution(reference):
    rec = by_reference()[reference]
    consultation, theme_slug = rec["theme"]
    assert consultation == CONSULTATION
    theme_position = THEME_POSITIONS[theme_slug]
    assert reference == f"R{theme_position}.{rec['position']:02d}"
    key = (CONSULTATION, theme_slug, rec["position"])
    assert rec["title"] == SOLUTIONS[key]["label"]
    assert rec["solutions"] == [list(key)]


@pytest.mark.parametrize("reference", EXPECTED_REFERENCES)
def test_recommendation_rests_on_constats_of_its_theme(reference):
    rec = by_reference()[reference]
    assert 1 <= len(rec["constats"]) <= 4
    assert len({tuple(c) for c in rec["constats"]}) == len(rec["constats"])
    for constat in rec["constats"]:
        assert tuple(constat) in CONSTATS
        assert constat[:2] == rec["theme"]


@pytest.mark.parametrize("reference", EXPECTED_REFERENCES)
def test_recommendation_content(reference):
    rec = by_reference()[reference]
    assert rec["statement"].strip()
    assert rec["easy_read"].strip()
    assert rec["recipients"]
    for recipient in rec["recipients"]:
        assert len(recipient) == 1
        assert recipient[0] in RECIPIENT_SLUGS
    assert rec["is_published"] is True


def test_pistes_belong_to_theme_four_and_are_all_linked():
    theme_four = THEME_SLUGS[4]
    linked = set()
    for rec in RECOMMENDATIONS:
        for piste in rec["pistes"]:
            assert tuple(piste) in PISTES
            assert rec["theme"] == [CONSULTATION, theme_four]
            linked.add(tuple(piste))
    assert len(PISTES) == 4
    assert linked == set(PISTES)


def test_every_recommendation_starts_formulated_and_not_assessed():
    for rec in RECOMMENDATIONS:
        assert rec["stage"] == "formulee"
        assert rec["implementation"] == "non_evaluee"


def test_one_formulation_event_per_recommendation():
    assert sorted(event["recommendation"][0] for event in EVENTS) == EXPECTED_REFERENCES
    for event in EVENTS:
        assert event["sequence"] == 1
        assert event["axis"] == "etape"
        assert event["from_value"] == ""
        assert event["to_value"] == "formulee"
        assert event["effective_on"] is None
        assert event["reason"] == FORMULATION_REASON
        assert event["transmission"] is None
        assert event["corrects"] is None


def test_no_transmission_anywhere():
    for fixture in (DOCUMENT, RECIPIENTS, RECOMMENDATION_FIXTURE):
        assert not [r for r in fixture if r["model"] == "recommendations.transmission"]


def test_timestamps_and_pks_left_to_the_database():
    for record in RECIPIENTS + RECOMMENDATION_FIXTURE:
        assert "pk" not in record
        assert not {"created", "modified", "recorded_at"} & set(record["fields"])


def test_recipients():
    slugs = [r["fields"]["slug"] for r in RECIPIENTS]
    assert len(slugs) == len(set(slugs))
    for record in RECIPIENTS:
        fields = record["fields"]
        assert fields["level"] in {"regional", "federal", "communautaire", "local", "autre"}
        assert fields["name"].strip()
        assert fields["description"].strip()
        assert fields["website"] == ""


def written_texts():
    """Every string written for these fixtures, leaving out titles copied from the document."""
    for record in RECIPIENTS:
        yield record["fields"]["slug"], record["fields"]["name"]
        yield record["fields"]["slug"], record["fields"]["description"]
    for rec in RECOMMENDATIONS:
        yield rec["reference"], rec["statement"]
        yield rec["reference"], rec["easy_read"]
    for event in EVENTS:
        yield event["recommendation"][0], event["reason"]


def test_written_texts_use_typographic_apostrophes():
    offending = [(where, text) for where, text in written_texts() if "'" in text]
    assert not offending
