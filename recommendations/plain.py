"""Plain words beside the officials' status words, for readers who do not know the jargon.

The official label stays the reference (it is what the history records); the plain label says the
same thing in everyday words, and the guide page states the rules behind each status.
"""

from django.utils.translation import gettext_lazy as _

from .models import Event, Recommendation, Transmission

Stage = Recommendation.Stage
Answer = Transmission.Answer
Implementation = Recommendation.Implementation

PLAIN_LABELS = {
    Event.Axis.STAGE: {
        Stage.FORMULATED: _("proposée lors des Assises"),
        Stage.VALIDATED: _("approuvée par la coordination, pas encore envoyée"),
        Stage.TRANSMITTED: _("envoyée aux autorités"),
    },
    Event.Axis.ANSWER: {
        Answer.PENDING: _("pas encore de réponse"),
        Answer.ACCEPTED: _("l’autorité est d’accord"),
        Answer.PARTLY_ACCEPTED: _("l’autorité est d’accord pour une partie"),
        Answer.NOTED: _("l’autorité l’a lue, sans s’engager"),
        Answer.REROUTED: _("envoyée par l’autorité à une autre autorité"),
        Answer.REFUSED: _("l’autorité dit non"),
        Transmission.NO_ANSWER: _("pas de réponse dans le délai"),
    },
    Event.Axis.IMPLEMENTATION: {
        Implementation.NOT_ASSESSED: _("on ne sait pas encore"),
        Implementation.NO_ACTION: _("rien n’a été fait pour l’instant"),
        Implementation.IN_PROGRESS: _("c’est en train de se faire"),
        Implementation.BLOCKED: _("c’est arrêté par un obstacle"),
        Implementation.PARTLY_DONE: _("une partie est faite"),
        Implementation.DONE: _("c’est fait, preuve à l’appui"),
        Implementation.ABANDONED: _("on n’y travaille plus"),
    },
}

#: What each status means, for the guide page.
EXPLANATIONS = {
    Event.Axis.STAGE: {
        Stage.FORMULATED: _(
            "La recommandation vient d’une solution ou d’une piste proposée par les participants "
            "des Assises. Personne ne l’a encore envoyée."
        ),
        Stage.VALIDATED: _(
            "La coordination du suivi a relu la recommandation et décidé de la porter. Elle n’est "
            "pas encore envoyée aux autorités."
        ),
        Stage.TRANSMITTED: _(
            "La coordination l’a envoyée à au moins une autorité, à une date donnée. Un délai de "
            "réponse commence ce jour-là."
        ),
    },
    Event.Axis.ANSWER: {
        Answer.PENDING: _("L’autorité n’a pas encore répondu, et le délai n’est pas dépassé."),
        Answer.ACCEPTED: _("L’autorité a répondu qu’elle accepte la recommandation."),
        Answer.PARTLY_ACCEPTED: _(
            "L’autorité accepte une partie de la recommandation et pas le reste."
        ),
        Answer.NOTED: _(
            "L’autorité a répondu qu’elle a bien reçu la recommandation, sans dire si elle la "
            "suivra."
        ),
        Answer.REROUTED: _(
            "L’autorité a répondu que ce n’est pas de son ressort et l’a envoyée à une autre "
            "autorité : une nouvelle transmission commence pour celle-ci."
        ),
        Answer.REFUSED: _("L’autorité a répondu qu’elle ne suivra pas la recommandation."),
        Transmission.NO_ANSWER: _(
            "Aucune réponse n’est arrivée dans le délai. « Sans réponse » commence le "
            "lendemain de la date de réponse attendue. Une réponse qui arrive plus tard est "
            "enregistrée à sa date."
        ),
    },
    Event.Axis.IMPLEMENTATION: {
        Implementation.NOT_ASSESSED: _(
            "Personne n’a encore vérifié ce qui a été fait. C’est l’état de départ."
        ),
        Implementation.NO_ACTION: _("La coordination a vérifié : rien n’a été fait à ce jour."),
        Implementation.IN_PROGRESS: _(
            "Un travail a commencé (un projet, une concertation, un texte en préparation)."
        ),
        Implementation.BLOCKED: _(
            "Un travail a commencé mais il est arrêté : la raison publiée dit pourquoi."
        ),
        Implementation.PARTLY_DONE: _(
            "Une partie seulement a été faite, ou un compromis a été adopté."
        ),
        Implementation.DONE: _(
            "C’est fait. « Réalisée » demande une preuve : un acte adopté (décret, arrêté, "
            "circulaire), une ligne budgétaire ou une mesure publiée, avec son lien."
        ),
        Implementation.ABANDONED: _("Le travail a été arrêté pour de bon."),
    },
}


def plain_label(axis, value):
    """The everyday words for one status, or an empty string for a value the site does not know."""
    return str(PLAIN_LABELS.get(axis, {}).get(value, ""))


def guide_anchor(axis, value):
    """The anchor of a status on the guide page."""
    return f"{axis}-{value}".replace("_", "-")


def guide_sections():
    """Each axis with its statuses: official label, plain label, explanation, anchor."""
    official = {
        Event.Axis.STAGE: dict(Stage.choices),
        Event.Axis.ANSWER: {
            **dict(Answer.choices),
            Transmission.NO_ANSWER: Transmission.NO_ANSWER_LABEL,
        },
        Event.Axis.IMPLEMENTATION: dict(Implementation.choices),
    }
    titles = {
        Event.Axis.STAGE: _("Vers les autorités : l’étape"),
        Event.Axis.ANSWER: _("Ce que chaque autorité a répondu"),
        Event.Axis.IMPLEMENTATION: _("Ce qui a été fait : la mise en œuvre"),
    }
    return [
        {
            "axis": axis,
            "title": titles[axis],
            "statuses": [
                {
                    "value": value,
                    "label": official[axis][value],
                    "plain": PLAIN_LABELS[axis][value],
                    "explanation": EXPLANATIONS[axis][value],
                    "anchor": guide_anchor(axis, value),
                }
                for value in PLAIN_LABELS[axis]
            ],
        }
        for axis in (Event.Axis.STAGE, Event.Axis.ANSWER, Event.Axis.IMPLEMENTATION)
    ]


def event_headline(event):
    """What happened, in a sentence that leads the history line (the date goes before it)."""
    recipient = event.transmission.recipient.name if event.transmission_id else ""
    if event.axis == Event.Axis.STAGE:
        if event.to_value == Stage.TRANSMITTED and recipient:
            if event.corrects_id and event.from_value == Stage.TRANSMITTED:
                return _("Envoi à %(recipient)s corrigé") % {"recipient": recipient}
            return _("Envoyée à %(recipient)s") % {"recipient": recipient}
        return {
            Stage.FORMULATED: _("Proposée lors de la journée des Assises"),
            Stage.VALIDATED: _("Approuvée par la coordination du suivi"),
            Stage.TRANSMITTED: _("Envoyée aux autorités"),
        }.get(event.to_value, event.to_label)
    if event.axis == Event.Axis.ANSWER:
        return _("Réponse de %(recipient)s : %(answer)s (%(plain)s)") % {
            "recipient": recipient,
            "answer": event.to_label,
            "plain": plain_label(event.axis, event.to_value),
        }
    return _("Mise en œuvre : %(status)s (%(plain)s)") % {
        "status": event.to_label,
        "plain": plain_label(event.axis, event.to_value),
    }
