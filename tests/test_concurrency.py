"""Two coordinators acting on one recommendation at the same moment lose nothing."""

import threading

import pytest
from django.db import close_old_connections

from core.services import ServiceError
from recommendations import services
from recommendations.models import Recommendation
from tests.conftest import is_postgresql
from tests.factories import RecipientFactory, RecommendationFactory, UserFactory, days_ago

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not is_postgresql(),
        reason="needs PostgreSQL's row locks (SELECT … FOR UPDATE); SQLite locks the whole file",
    ),
]

Implementation = Recommendation.Implementation


def run_together(*calls):
    """Start every call at the same instant in its own thread; return what each raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = error
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def assert_state_matches_history(recommendation):
    recommendation.refresh_from_db()
    events = list(recommendation.events.order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    stage_events = [e for e in events if e.axis == "etape"]
    implementation_events = [e for e in events if e.axis == "mise_en_oeuvre"]
    assert recommendation.stage == stage_events[-1].to_value
    if implementation_events:
        assert recommendation.implementation == implementation_events[-1].to_value
    for before, after in zip(implementation_events, implementation_events[1:], strict=False):
        assert after.from_value == before.to_value


def test_two_validations_at_once_give_one_event_and_one_clear_refusal():
    recommendation = RecommendationFactory()
    first, second = (UserFactory(groups=["Coordination"]) for _ in range(2))
    outcomes = run_together(
        lambda: services.validate(recommendation, validated_on=days_ago(1), reason="A", by=first),
        lambda: services.validate(recommendation, validated_on=days_ago(1), reason="B", by=second),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    refusal = next(o for o in outcomes if o != "ok")
    assert isinstance(refusal, ServiceError)
    assert "Seule une recommandation formulée peut être validée" in refusal.message
    assert recommendation.events.filter(to_value="validee").count() == 1
    assert_state_matches_history(recommendation)


def test_concurrent_changes_on_both_axes_lose_no_event():
    recommendation = RecommendationFactory()
    coordinators = [UserFactory(groups=["Coordination"]) for _ in range(4)]
    services.validate(recommendation, validated_on=days_ago(5), reason="ok", by=coordinators[0])
    recipients = [RecipientFactory() for _ in range(2)]
    outcomes = run_together(
        lambda: services.transmit(
            recommendation,
            recipient=recipients[0],
            sent_on=days_ago(2),
            reason="A",
            by=coordinators[0],
        ),
        lambda: services.transmit(
            recommendation,
            recipient=recipients[1],
            sent_on=days_ago(2),
            reason="B",
            by=coordinators[1],
        ),
        lambda: services.record_implementation(
            recommendation,
            status=Implementation.IN_PROGRESS,
            effective_on=days_ago(1),
            reason="C",
            by=coordinators[2],
        ),
        lambda: services.record_implementation(
            recommendation,
            status=Implementation.BLOCKED,
            effective_on=days_ago(1),
            reason="D",
            by=coordinators[3],
        ),
    )
    assert outcomes == ["ok"] * 4
    assert recommendation.transmissions.count() == 2
    assert recommendation.events.count() == 1 + 1 + 2 + 2
    assert_state_matches_history(recommendation)
