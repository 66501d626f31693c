"""Changes to the document data: loading the Assises document from its fixture."""

import json
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_FIXTURES = [
    settings.BASE_DIR / "fixtures" / name
    for name in ("assises_wallonie_picarde.json", "recipients.json", "recommendations.json")
]
IDENTIFYING_FIELDS = ("slug", "consultation", "organisation", "theme", "position")


class DocumentLoadError(Exception):
    """A fixture record that cannot be loaded; the message names the record."""


def _describe(path, index, record):
    fields = record.get("fields") if isinstance(record, dict) else None
    identity = ""
    if isinstance(fields, dict):
        identity = ", ".join(
            f"{name}={fields[name]!r}" for name in IDENTIFYING_FIELDS if name in fields
        )
    model = record.get("model", "?") if isinstance(record, dict) else "?"
    return _("%(file)s, enregistrement n° %(index)s (%(model)s%(identity)s)") % {
        "file": path.name,
        "index": index,
        "model": model,
        "identity": f" {identity}" if identity else "",
    }


def _missing_fields(model, fields):
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not field.blank
        and not field.null
        and not field.has_default()
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and field.name not in fields
    ]


def _read_records(path):
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DocumentLoadError(
            _("Impossible de lire %(file)s : %(error)s") % {"file": path, "error": exc}
        ) from exc
    except json.JSONDecodeError as exc:
        raise DocumentLoadError(
            _("%(file)s n’est pas du JSON valide (ligne %(line)s) : %(error)s")
            % {"file": path, "line": exc.lineno, "error": exc.msg}
        ) from exc
    if not isinstance(records, list):
        raise DocumentLoadError(
            _("%(file)s doit contenir une liste d’enregistrements.") % {"file": path}
        )
    return records


def _load_record(path, index, record, *, update):
    where = _describe(path, index, record)
    if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
        raise DocumentLoadError(_("%(where)s : enregistrement mal formé.") % {"where": where})
    if "pk" in record:
        raise DocumentLoadError(
            _("%(where)s : les fixtures n’indiquent pas de clé primaire (« pk »).")
            % {"where": where}
        )
    try:
        model = apps.get_model(record.get("model", ""))
    except (LookupError, ValueError) as exc:
        raise DocumentLoadError(_("%(where)s : modèle inconnu.") % {"where": where}) from exc
    missing = _missing_fields(model, record["fields"])
    if missing:
        raise DocumentLoadError(
            _("%(where)s : champ(s) manquant(s) : %(fields)s.")
            % {"where": where, "fields": ", ".join(missing)}
        )
    try:
        (deserialized,) = serializers.deserialize("python", [record])
    except (DeserializationError, ObjectDoesNotExist) as exc:
        raise DocumentLoadError(
            _("%(where)s : référence introuvable (clé naturelle inconnue) : %(error)s")
            % {"where": where, "error": exc}
        ) from exc
    instance = deserialized.object
    exists = instance.pk is not None
    if exists and (not update or getattr(instance, "append_only", False)):
        return "unchanged"
    instance._state.adding = not exists
    try:
        instance.full_clean()
    except ValidationError as exc:
        details = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
        raise DocumentLoadError(
            _("%(where)s : donnée invalide : %(details)s") % {"where": where, "details": details}
        ) from exc
    _stamp(model, instance, exists=exists)
    deserialized.save()
    return "updated" if exists else "created"


def _stamp(model, instance, *, exists):
    """Fill the timestamps a raw save leaves empty, keeping an existing row's creation time."""
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            setattr(instance, field.attname, now)
        elif getattr(field, "auto_now_add", False):
            created = (
                model._default_manager.filter(pk=instance.pk).values_list(field.attname, flat=True)
                if exists
                else []
            )
            setattr(instance, field.attname, created[0] if exists else now)


def load_document(*, paths, update=False):
    """Load fixture files all or nothing; keep existing rows unless ``update`` asks to overwrite.

    Existing rows are left alone by default so that corrections made in the admin survive
    every restart of the site; ``update`` brings them back to the fixture's text. Append-only
    rows (the follow-up's events) are never overwritten.
    """
    outcome = Counter()
    with transaction.atomic():
        for path in paths:
            for index, record in enumerate(_read_records(Path(path)), start=1):
                outcome[_load_record(Path(path), index, record, update=update)] += 1
    return outcome
