"""The open-data files: each dataset, its columns with their meaning, and its rows.

The data dictionary shown on the « Données ouvertes » page is this very list of columns, so a
column cannot appear in a file without being explained. Nothing here names a person: no account,
no author, no e-mail; who recorded an event is never published.
"""

import dataclasses
from collections import Counter
from collections.abc import Callable

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from discussion.models import Verdict
from discussion.selectors import latest_verdicts
from recommendations import selectors as follow_up
from recommendations.models import Recipient, Transmission
from themes.models import Constat, Keyword, Piste, Question, Solution, Theme

from .selectors import public_events

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "spdx": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.fr",
}


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclasses.dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: list
    rows: Callable

    def column_names(self):
        return [column.name for column in self.columns]


def _date(value):
    return value.isoformat() if value else ""


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _transmission_ids(transmissions):
    """Stable id of each transmission: the recommendation's reference and its rank (R1.02-T1)."""
    ids, counts = {}, Counter()
    for transmission in sorted(transmissions, key=lambda t: (t.sent_on, t.pk)):
        reference = transmission.recommendation.reference
        counts[reference] += 1
        ids[transmission.pk] = f"{reference}-T{counts[reference]}"
    return ids


def all_transmission_ids():
    transmissions = Transmission.objects.filter(recommendation__is_published=True).select_related(
        "recommendation"
    )
    return _transmission_ids(transmissions)


# --- recommendations ---------------------------------------------------------------------------

RECOMMENDATION_COLUMNS = [
    Column("reference", "texte", _("Référence stable et citable de la recommandation (R1.03).")),
    Column("theme", "entier", _("Numéro du thème (atelier) dont elle vient.")),
    Column("theme_titre", "texte", _("Titre du thème.")),
    Column("titre", "texte", _("Titre de la recommandation.")),
    Column("enonce", "texte", _("Énoncé complet de la recommandation.")),
    Column("etape", "code", _("Étape vers les autorités : formulee, validee ou transmise.")),
    Column("etape_libelle", "texte", _("Étape, en toutes lettres.")),
    Column(
        "mise_en_oeuvre",
        "code",
        _(
            "Ce qui a été fait : non_evaluee, pas_d_action, en_cours, bloquee, "
            "realisee_en_partie, realisee ou abandonnee."
        ),
    ),
    Column("mise_en_oeuvre_libelle", "texte", _("Mise en œuvre, en toutes lettres.")),
    Column(
        "destinataires_vises",
        "liste",
        _("Identifiants des destinataires visés, séparés par « ; »."),
    ),
    Column(
        "destinataires_transmis",
        "liste",
        _("Identifiants des destinataires à qui elle a été transmise, séparés par « ; »."),
    ),
    Column("nombre_transmissions", "entier", _("Nombre de transmissions.")),
    Column(
        "nombre_cosignatures",
        "entier",
        _("Nombre d’organisations qui la co-signent aujourd’hui (retraits exclus)."),
    ),
    Column(
        "avis_conforme",
        "entier",
        _("Organisations dont le dernier avis du terrain dit la mise en œuvre conforme."),
    ),
    Column(
        "avis_edulcoree",
        "entier",
        _("Organisations dont le dernier avis du terrain la dit édulcorée."),
    ),
    Column(
        "avis_contraire",
        "entier",
        _("Organisations dont le dernier avis du terrain la dit contraire."),
    ),
    Column(
        "derniere_mise_a_jour",
        "date",
        _("Date d’effet du dernier événement daté de son suivi (AAAA-MM-JJ)."),
    ),
    Column("url", "url", _("Adresse de sa page sur le site (chemin).")),
]


def recommendation_rows(queryset=None):
    queryset = queryset if queryset is not None else follow_up.recommendation_list()
    recommendations = list(queryset.prefetch_related("recipients"))
    verdicts = Counter(
        (row["recommendation_id"], row["verdict"])
        for row in latest_verdicts().values("recommendation_id", "verdict")
    )
    for recommendation in recommendations:
        transmissions = list(recommendation.transmissions.all())
        yield {
            "reference": recommendation.reference,
            "theme": recommendation.theme.position,
            "theme_titre": recommendation.theme.title,
            "titre": recommendation.title,
            "enonce": recommendation.statement,
            "etape": recommendation.stage,
            "etape_libelle": recommendation.get_stage_display(),
            "mise_en_oeuvre": recommendation.implementation,
            "mise_en_oeuvre_libelle": recommendation.get_implementation_display(),
            "destinataires_vises": ";".join(r.slug for r in recommendation.recipients.all()),
            "destinataires_transmis": ";".join(
                dict.fromkeys(t.recipient.slug for t in transmissions)
            ),
            "nombre_transmissions": len(transmissions),
            "nombre_cosignatures": recommendation.support,
            "avis_conforme": verdicts[(recommendation.pk, Verdict.Value.CONFORME)],
            "avis_edulcoree": verdicts[(recommendation.pk, Verdict.Value.EDULCOREE)],
            "avis_contraire": verdicts[(recommendation.pk, Verdict.Value.CONTRAIRE)],
            "derniere_mise_a_jour": _date(recommendation.last_event_on),
            "url": recommendation.get_absolute_url(),
        }


# --- transmissions ----------------------------------------------------------------------------

TRANSMISSION_COLUMNS = [
    Column(
        "id",
        "texte",
        _("Identifiant stable : la référence et le rang de l’envoi (R1.02-T1)."),
    ),
    Column("recommandation", "texte", _("Référence de la recommandation transmise.")),
    Column("destinataire", "texte", _("Identifiant du destinataire.")),
    Column("destinataire_nom", "texte", _("Nom du destinataire.")),
    Column("destinataire_niveau", "code", _("Niveau de pouvoir du destinataire.")),
    Column("envoyee_le", "date", _("Date d’envoi (AAAA-MM-JJ).")),
    Column("reponse_attendue_le", "date", _("Date à laquelle une réponse est attendue.")),
    Column(
        "reponse",
        "code",
        _(
            "Réponse enregistrée : en_attente, accueillie, accueillie_en_partie, "
            "prise_en_note, reorientee ou refusee."
        ),
    ),
    Column(
        "reponse_libelle",
        "texte",
        _("Réponse telle que le public la lit : « sans réponse » une fois le délai dépassé."),
    ),
    Column("en_retard", "booléen", _("Vrai si aucune réponse n’est venue dans le délai.")),
    Column("repondue_le", "date", _("Date de la réponse, vide tant qu’elle n’est pas venue.")),
    Column("resume_reponse", "texte", _("Résumé public de la réponse.")),
    Column("lien_reponse", "url", _("Lien vers la réponse (courrier, décision).")),
    Column("lien_courrier", "url", _("Lien vers le courrier d’envoi.")),
    Column(
        "reorientee_depuis",
        "texte",
        _("Identifiant de la transmission dont celle-ci est la réorientation, sinon vide."),
    ),
]


def transmission_rows():
    transmissions = list(
        Transmission.objects.filter(recommendation__is_published=True)
        .select_related("recommendation", "recipient")
        .order_by("recommendation__reference", "sent_on", "pk")
    )
    ids = _transmission_ids(transmissions)
    for transmission in transmissions:
        yield {
            "id": ids[transmission.pk],
            "recommandation": transmission.recommendation.reference,
            "destinataire": transmission.recipient.slug,
            "destinataire_nom": transmission.recipient.name,
            "destinataire_niveau": transmission.recipient.level,
            "envoyee_le": _date(transmission.sent_on),
            "reponse_attendue_le": _date(transmission.response_due),
            "reponse": transmission.answer,
            "reponse_libelle": str(transmission.answer_display),
            "en_retard": transmission.is_overdue(),
            "repondue_le": _date(transmission.answered_on),
            "resume_reponse": transmission.answer_summary,
            "lien_reponse": transmission.answer_proof_url,
            "lien_courrier": transmission.covering_letter_url,
            "reorientee_depuis": ids.get(transmission.rerouted_from_id, ""),
        }


# --- events ------------------------------------------------------------------------------------

EVENT_COLUMNS = [
    Column(
        "id",
        "texte",
        _("Identifiant stable : la référence et le numéro d’ordre de l’événement (R1.02-E3)."),
    ),
    Column("recommandation", "texte", _("Référence de la recommandation.")),
    Column("numero", "entier", _("Numéro d’ordre de l’événement dans son historique.")),
    Column("axe", "code", _("Axe du suivi : etape, reponse ou mise_en_oeuvre.")),
    Column("avant", "code", _("Valeur avant le changement (vide pour la formulation).")),
    Column("apres", "code", _("Valeur après le changement.")),
    Column("avant_libelle", "texte", _("Valeur avant, en toutes lettres.")),
    Column("apres_libelle", "texte", _("Valeur après, en toutes lettres.")),
    Column(
        "date_effet",
        "date",
        _("Date d’effet ; vide seulement pour la formulation, que le document ne date pas."),
    ),
    Column("raison", "texte", _("Raison publique du changement.")),
    Column("lien_preuve", "url", _("Lien vers la preuve (acte, décision, courrier).")),
    Column("transmission", "texte", _("Identifiant de la transmission concernée, sinon vide.")),
    Column("destinataire", "texte", _("Identifiant du destinataire concerné, sinon vide.")),
    Column("corrige", "texte", _("Identifiant de l’événement que celui-ci corrige, sinon vide.")),
    Column(
        "enregistre_le",
        "date-heure",
        _("Moment où l’événement a été enregistré sur le site (ISO 8601)."),
    ),
]


def event_rows():
    transmission_ids = all_transmission_ids()
    events = public_events().order_by("recommendation__reference", "sequence")
    for event in events:
        reference = event.recommendation.reference
        yield {
            "id": f"{reference}-E{event.sequence}",
            "recommandation": reference,
            "numero": event.sequence,
            "axe": event.axis,
            "avant": event.from_value,
            "apres": event.to_value,
            "avant_libelle": event.from_label,
            "apres_libelle": event.to_label,
            "date_effet": _date(event.effective_on),
            "raison": event.reason,
            "lien_preuve": event.proof_url,
            "transmission": transmission_ids.get(event.transmission_id, ""),
            "destinataire": event.transmission.recipient.slug if event.transmission else "",
            "corrige": f"{reference}-E{event.corrects.sequence}" if event.corrects else "",
            "enregistre_le": event.recorded_at.isoformat(),
        }


# --- recipients --------------------------------------------------------------------------------

RECIPIENT_COLUMNS = [
    Column("id", "texte", _("Identifiant stable du destinataire.")),
    Column("nom", "texte", _("Nom du destinataire.")),
    Column(
        "niveau", "code", _("Niveau de pouvoir : regional, federal, communautaire, local, autre.")
    ),
    Column("description", "texte", _("Description.")),
    Column("site_web", "url", _("Site web du destinataire.")),
]


def recipient_rows():
    for recipient in Recipient.objects.order_by("name"):
        yield {
            "id": recipient.slug,
            "nom": recipient.name,
            "niveau": recipient.level,
            "description": recipient.description,
            "site_web": recipient.website,
        }


# --- the document ------------------------------------------------------------------------------

DOCUMENT_COLUMNS = [
    Column(
        "id",
        "texte",
        _("Identifiant stable : thème, type et rang (T1-constat-3 ; T2 pour le thème lui-même)."),
    ),
    Column("theme", "entier", _("Numéro du thème (atelier).")),
    Column(
        "type",
        "code",
        _("Type d’élément : theme, question, mot_cle, constat, solution ou piste."),
    ),
    Column("rang", "entier", _("Rang de l’élément dans son thème, dans l’ordre du document.")),
    Column("texte", "texte", _("Le texte, mot pour mot comme dans la synthèse.")),
    Column("introduction", "texte", _("Pour une piste : les mots qui l’introduisent.")),
    Column(
        "ajoutee_pendant_le_debat",
        "booléen",
        _("Pour une piste : vrai si elle a été ajoutée pendant le débat."),
    ),
    Column("url", "url", _("Adresse de l’élément sur le site (chemin).")),
]

DOCUMENT_PARTS = [
    ("question", Question, "text"),
    ("mot_cle", Keyword, "label"),
    ("constat", Constat, "text"),
    ("solution", Solution, "label"),
    ("piste", Piste, "text"),
]


def document_rows():
    themes = list(Theme.objects.order_by("position"))
    for theme in themes:
        yield {
            "id": f"T{theme.position}",
            "theme": theme.position,
            "type": "theme",
            "rang": 0,
            "texte": theme.title,
            "introduction": "",
            "ajoutee_pendant_le_debat": False,
            "url": theme.get_absolute_url(),
        }
    for kind, model, field in DOCUMENT_PARTS:
        for item in model.objects.select_related("theme").order_by("theme__position", "position"):
            yield {
                "id": f"T{item.theme.position}-{kind}-{item.position}",
                "theme": item.theme.position,
                "type": kind,
                "rang": item.position,
                "texte": getattr(item, field),
                "introduction": getattr(item, "lead_in", ""),
                "ajoutee_pendant_le_debat": getattr(item, "added_during_debate", False),
                "url": item.get_absolute_url(),
            }


DATASETS = {
    dataset.slug: dataset
    for dataset in [
        Dataset(
            "recommandations",
            _("Les recommandations"),
            _("Une ligne par recommandation publiée, avec où elle en est sur les deux axes."),
            RECOMMENDATION_COLUMNS,
            recommendation_rows,
        ),
        Dataset(
            "transmissions",
            _("Les transmissions et les réponses"),
            _("Une ligne par envoi d’une recommandation à un destinataire, avec sa réponse."),
            TRANSMISSION_COLUMNS,
            transmission_rows,
        ),
        Dataset(
            "evenements",
            _("L’historique du suivi"),
            _("Une ligne par événement daté, depuis la formulation ; rien n’est jamais effacé."),
            EVENT_COLUMNS,
            event_rows,
        ),
        Dataset(
            "destinataires",
            _("Les destinataires"),
            _("Une ligne par autorité ou acteur à qui des recommandations sont adressées."),
            RECIPIENT_COLUMNS,
            recipient_rows,
        ),
        Dataset(
            "document",
            _("Le document des Assises"),
            _(
                "Une ligne par élément de la synthèse : thèmes, questions vives, mots clés, "
                "constats, solutions et pistes, mot pour mot."
            ),
            DOCUMENT_COLUMNS,
            document_rows,
        ),
    ]
}


def last_change():
    """When the published follow-up last changed: the latest recorded event."""
    return public_events().aggregate(last=Max("recorded_at"))["last"]
