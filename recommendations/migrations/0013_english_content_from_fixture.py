"""Fill the English texts of recommendations that already exist, from the fixture.

A fresh database gets them from ``load_document``; this migration gives them to a database loaded
before they existed. Only empty English fields are filled: a translation edited by a coordinator
is never overwritten, and running it again changes nothing.
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "recommendations.json"
FIELDS = ("title_en", "statement_en", "easy_read_en")


def fill_english(apps, schema_editor):
    Recommendation = apps.get_model("recommendations", "Recommendation")
    try:
        records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    english = {
        record["fields"]["reference"]: record["fields"]
        for record in records
        if record.get("model") == "recommendations.recommendation"
    }
    for recommendation in Recommendation.objects.filter(reference__in=english):
        texts = english[recommendation.reference]
        changed = [
            name for name in FIELDS if not getattr(recommendation, name) and texts.get(name)
        ]
        for name in changed:
            setattr(recommendation, name, texts[name])
        if changed:
            recommendation.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0012_english_content_and_wording_date")]

    operations = [migrations.RunPython(fill_english, migrations.RunPython.noop)]
