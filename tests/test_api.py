"""The read-only API: every response matches its OpenAPI schema; reads only, no personal data."""

import json

import jsonschema
import pytest
import yaml
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from rest_framework.throttling import AnonRateThrottle

from recommendations import services as follow_up
from recommendations.models import Recipient, Recommendation, Transmission
from tests.factories import UserFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french_afterwards():
    """A request under /en/ leaves English active in the thread: put French back."""
    yield
    translation.activate("fr-be")


PATH_VALUES = {"reference": "R1.02", "id": None, "slug": None}


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def followed(document, coordinator):
    recommendation = Recommendation.objects.get(reference="R1.02")
    follow_up.validate(recommendation, validated_on=days_ago(40), reason="Validée.", by=coordinator)
    transmission = follow_up.transmit(
        recommendation,
        recipient=Recipient.objects.order_by("name").first(),
        sent_on=days_ago(30),
        reason="Envoyée.",
        by=coordinator,
    )
    follow_up.record_answer(
        transmission,
        answer=Transmission.Answer.REFUSED,
        answered_on=days_ago(2),
        summary="Pas de budget.",
        proof_url="",
        rerouted_to=None,
        reason="Réponse reçue.",
        by=coordinator,
    )
    return recommendation


@pytest.fixture
def schema(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def as_json_schema(node):
    """OpenAPI 3.0's ``nullable: true`` written as JSON Schema's ``null`` type."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def validator_for(schema, operation):
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    document = as_json_schema({**response_schema, "components": schema["components"]})
    return jsonschema.Draft202012Validator(document)


def concrete(path, followed):
    theme = followed.theme
    return (
        path.replace("{reference}", followed.reference)
        .replace("{id}", Recipient.objects.order_by("name").first().slug)
        .replace("{slug}", theme.slug)
    )


def test_the_schema_is_valid_openapi(schema):
    from drf_spectacular.validation import validate_schema

    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_every_endpoint_answers_what_its_schema_says(client, schema, followed):
    checked = []
    for path, operations in schema["paths"].items():
        assert set(operations) <= {"get", "parameters"}, f"{path} accepts {set(operations)}"
        url = concrete(path, followed)
        response = client.get(url)
        assert response.status_code == 200, url
        validator_for(schema, operations["get"]).validate(json.loads(response.content))
        checked.append(path)
    assert len(checked) >= 9


def test_filtered_and_searched_lists_match_the_schema_too(client, schema, followed):
    operation = schema["paths"]["/api/v1/recommendations/"]["get"]
    validator = validator_for(schema, operation)
    theme = f"?theme={followed.theme.pk}&page=1"
    for query in ["?stage=transmise", "?q=formation", theme, "?page_size=5&page=2"]:
        response = client.get(f"/api/v1/recommendations/{query}")
        assert response.status_code == 200, query
        validator.validate(response.json())
    assert [
        r["reference"]
        for r in client.get("/api/v1/recommendations/?stage=transmise").json()["results"]
    ] == ["R1.02"]


def test_recommendations_are_paginated_and_identified_by_reference(client, followed):
    page = client.get("/api/v1/recommendations/?page_size=10").json()
    assert page["count"] == 33
    assert len(page["results"]) == 10 and page["next"]
    assert page["results"][0]["reference"] == "R1.01"
    detail = client.get("/api/v1/recommendations/R1.02/").json()
    assert detail["stage"] == "transmise"


def test_transmission_ids_are_stable_references(client, followed):
    [transmission] = client.get("/api/v1/transmissions/").json()["results"]
    assert transmission["id"] == "R1.02-T1"
    assert transmission["answer"] == "refusee"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_endpoint_accepts_anything_but_reads(client, schema, followed, method):
    for path in schema["paths"]:
        response = getattr(client, method)(
            concrete(path, followed), {}, content_type="application/json"
        )
        assert response.status_code == 405, (method, path)


def test_head_and_options_are_answered(client, followed):
    assert client.head("/api/v1/recommendations/").status_code == 200
    assert client.options("/api/v1/recommendations/").status_code == 200


def test_responses_carry_an_etag_and_answer_304_when_unchanged(client, followed):
    first = client.get("/api/v1/events/")
    assert first["ETag"]
    again = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_anonymous_clients_are_rate_limited(client, followed, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    statuses = [client.get("/api/v1/themes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_no_personal_data_in_the_api(client, followed):
    UserFactory(username="camille", first_name="Camille", email="camille@example.org")
    for url in [
        "/api/v1/recommendations/?page_size=200",
        "/api/v1/events/?page_size=200",
        "/api/v1/transmissions/",
        "/api/v1/recipients/",
    ]:
        content = client.get(url).content.decode()
        for personal in ("coordination@example.org", "coordination", "camille", "recorded_by"):
            assert personal not in content, (url, personal)


def test_the_documentation_page_works_under_the_strict_csp(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in html and "<style" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
