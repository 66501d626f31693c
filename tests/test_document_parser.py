"""The parser gives back the Assises document word for word, without the PDF's layout.

Expected values were taken by reading the extracted text, not from the parser's output.
No database is needed.
"""

import json
import re
from pathlib import Path

import pytest

from themes.document_parser import build_fixture, parse_document

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "source" / "assises-insertion-wallonie-picarde.txt"
FIXTURE = ROOT / "fixtures" / "assises_wallonie_picarde.json"

TITLES = [
    "Les processus et dispositifs d’accompagnement",
    "Les personnes accompagnées",
    "L’accompagnement vers le marché de l’emploi",
    "L’accompagnement et Droit au travail",
]


@pytest.fixture(scope="module")
def source():
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def document(source):
    return parse_document(source)


@pytest.fixture(scope="module")
def themes(document):
    return document["themes"]


def all_texts(document):
    """Every piece of text the parser produced, one paragraph or label at a time."""
    texts = [*document["introduction"], *document["method"], *document["conclusion"]]
    for theme in document["themes"]:
        texts += [theme["title"], *theme["questions"], *theme["keywords"]]
        texts += [*theme["solutions"], *theme["constats"]]
        for piste in theme["pistes"]:
            texts += [piste["text"], piste["lead_in"]]
    return [text for text in texts if text]


def test_the_four_workshops_keep_their_titles(themes):
    assert [theme["title"] for theme in themes] == TITLES


def test_each_workshop_has_its_questions_keywords_and_solutions(themes):
    assert [len(theme["questions"]) for theme in themes] == [3, 1, 2, 1]
    assert [len(theme["keywords"]) for theme in themes] == [20, 19, 11, 13]
    assert [len(theme["solutions"]) for theme in themes] == [10, 7, 8, 8]


def test_each_paragraph_of_the_summaries_is_a_constat(themes):
    assert [len(theme["constats"]) for theme in themes] == [15, 11, 11, 11]


def test_constats_start_where_the_paragraphs_of_the_document_start(themes):
    openings = [
        [
            "Intéressant de pouvoir insérer",
            "Les missions des acteurs de terrain",
            "Le constat posé sur le fait",
            "Une tension s’opère",
            "Véritable distorsion",
            "Le reflet de notre société",
            "La concurrence entre opérateurs",
            "Le travail d’accompagnement dépend",
            "L’essoufflement est perceptible",
            "Le public en difficulté",
            "Au niveau de l’enseignement",
            "Besoin de temps pour travailler",
            "Besoin d’alternatives",
            "Travailler ensemble en ayant",
            "Les employeurs doivent aussi",
        ],
        [
            "Le travail sous contrainte",
            "Une contradiction se fait ressentir",
            "Un autre souci se pose",
            "Une personne en formation",
            "Il y a une situation de double contrôle",
            "Comment travailler avec des personnes",
            "Impression que les comportements",
            "Nous n’avons pas tous la même éducation",
            "Véritable gap",
            "Nous sommes dans une société où nous devons",
            "En Wallonie picarde",
        ],
        [
            "Constat de départ :",
            "Nous sommes face à des personnes motivées",
            "Que faire des plans d’aide",
            "La charge administrative",
            "La vie est de plus en plus difficile",
            "Pourquoi ne pas penser le travail",
            "La société cloisonne",
            "Le travail de proximité",
            "Les organismes tiennent compte",
            "De plus en plus de sociétés",
            "Besoin de renforcer la solidarité",
        ],
        [
            "Constat : les entreprises",
            "Le besoin de formation",
            "Le PFI devrait servir",
            "L’idée de Charte d’entreprise",
            "Il y a une notion qui a disparu",
            "Importance d’identifier le lien",
            "Un travail important doit être réalisé",
            "Permettre aux entreprises",
            "Que veulent dire « Droit au travail »",
            "Comment revenir à une gestion juste",
            "Une attention doit être portée",
        ],
    ]
    for theme, expected in zip(themes, openings, strict=True):
        assert len(theme["constats"]) == len(expected)
        for constat, opening in zip(theme["constats"], expected, strict=True):
            assert constat.startswith(opening), (opening, constat[:60])


@pytest.mark.parametrize(
    ("theme", "constat", "sentence"),
    [
        (
            1,
            1,
            "Peu de moyens humains pour un meilleur accompagnement des personnes et pour une "
            "demande d’aide grandissante → génératrice de tensions, de pressions, comment faire "
            "pour y répondre et y faire face ?",
        ),
        (
            1,
            2,
            "Les missions des acteurs de terrain tendent à changer car les exigences politiques "
            "sont plus strictes et les parcours de vie des publics deviennent de plus en plus "
            "complexes → les travailleurs sont face à des urgences sociales où il est nécessaire "
            "d’apporter un soutien, une orientation, un accompagnement, une écoute.",
        ),
        (1, 3, "N’y a–t-il pas, si les autorités le permettent, de l’emploi pour tous ?"),
        (
            1,
            11,
            "Quelles sont les valeurs transmises par l’école ? → Cloisonnement entre enseignement "
            "général-technique-professionnel → ne crée-t-on pas une concurrence entre jeunes",
        ),
        (
            2,
            1,
            "Le discours et l’accompagnement mis en place doivent être adaptés pour que la "
            "personne puisse comprendre l’importance de trouver un emploi dans son parcours de "
            "vie → faire de la contrainte un outil de motivation, de mobilisation, d’opportunité "
            "personnelle.",
        ),
        (
            2,
            3,
            "Du coup, certaines discriminations peuvent d’office être mises en place pour gagner "
            "du temps dans la sélection (ex : « à la moindre faute d’orthographe, je ne retiens "
            "pas le candidat ») et, ce, même si le candidat a de réelles compétences et est "
            "réellement motivé …",
        ),
        (
            2,
            9,
            "Mais comment arriver à un traitement égalitaire? L’égalité est le fondement de notre "
            "société, et, pourtant, nous nous en éloignons.",
        ),
        (
            2,
            11,
            "Notion de file d’attente pour entrer en formation → parfois 1 an avant d’accéder à "
            "la formation.",
        ),
        (3, 3, "Cela n’amène-t-il la prolongation de la période chômage ?"),
        (
            3,
            4,
            "Difficile pour le travailleur d’effectuer un choix car si l’administratif n’est pas "
            "rempli → sanction et si la personne n’est pas aidée → répercussions sur son parcours",
        ),
        (
            3,
            7,
            "ce que la personne peut apporter à l’entreprise → quel profit en retirer ?",
        ),
        (
            3,
            11,
            "Il faut un équilibre entre les différentes dimensions du travail (économiques, "
            "sociales, culturelles…), sans cela on court à la catastrophe.",
        ),
        (
            4,
            3,
            "Il faudrait revenir sur les dispositifs de formation dans les sociétés tel que le "
            "crédit-adaptation. Dans les faits, ces dispositifs sont relativement utilisés pour "
            "les cadres et les hommes.",
        ),
        (
            4,
            8,
            "Est-ce le plein emploi qui est recherché ? Et la place de la personne, où se "
            "trouve-t-elle ?",
        ),
        (4, 10, "Equilibre entre les Droits et les Devoirs → respecter cela."),
        (
            4,
            11,
            "Exemple : DE, Public éloigné de l’emploi, personnes fragilisées → comment le public "
            "vit-il cela ?",
        ),
    ],
)
def test_constats_keep_the_sentences_of_the_document(themes, theme, constat, sentence):
    assert sentence in themes[theme - 1]["constats"][constat - 1]


def test_a_paragraph_that_runs_over_a_page_break_stays_whole(themes):
    assert themes[0]["constats"][6] == (
        "La concurrence entre opérateurs devrait se transformer en complémentarité. La personne "
        "devrait être relayée au meilleur endroit en fonction de son projet de vie → idée de "
        "concertation permanente ou informelle avec la personne + création d’un outil "
        "« répertoire » retraçant le parcours de la personne."
    )


def test_questions_lose_their_bullet_and_keep_their_words(themes):
    assert themes[0]["questions"][0] == (
        "Dans le cadre des politiques d’activation, l’accompagnement individualisé est-il le "
        "processus le plus adéquat pour les demandeurs d’emploi ?"
    )
    assert themes[1]["questions"] == [
        "L’accompagnement produit-il des effets différents pour les personnes accompagnées "
        "selon qu’on s’y engage de plein gré ou contraint ?"
    ]
    assert themes[3]["questions"] == [
        "En quoi les projets socioprofessionnels des personnes et les besoins des entreprises "
        "peuvent-ils se rejoindre ?"
    ]


def test_keywords_run_from_the_first_to_the_last_of_each_list(themes):
    ends = [
        ("Lien entre travail collectif et individuel", "clivage entre enseignements"),
        ("Travail sous contrainte", "files d’attente"),
        (
            "Modification des notions de travail et temps de travail",
            "pression pour un travail de rentabilité au détriment de l’humain",
        ),
        ("Profil de candidat « Sur Mesure »", "Sémantique utilisée = stigmatisant pour le public"),
    ]
    for theme, (first, last) in zip(themes, ends, strict=True):
        assert theme["keywords"][0] == first
        assert theme["keywords"][-1] == last


def test_keywords_keep_their_inner_marks(themes):
    assert "comportements à l’emploi volatile <-> emploi volatile ?" in themes[1]["keywords"]
    assert "droit et devoir → pas au même niveau" in themes[1]["keywords"]
    assert (
        "la vie est de plus en plus difficile → cela se ressent même à l’école"
        in themes[2]["keywords"]
    )


@pytest.mark.parametrize(
    ("theme", "position", "label"),
    [
        # Split over a blank line in the extracted text.
        (1, 1, "Faire du travail collectif et individuel en même temps"),
        (1, 5, "Estime de soi, relation de confiance, sécurité"),
        (1, 8, "Alternatives : emploi transitoires pour les plus fragilisés"),
        (1, 10, "Employeurs : revoir leurs offres d'emploi"),
        (2, 4, "Différences prises en compte dans le travail d'accompagnement"),
        (
            3,
            7,
            "Développer plus de structures d'accueil pour enfants, allonger le congé maternité",
        ),
        # A word hyphenated at the end of a line, and a capital inside the label.
        (4, 1, "Favoriser les dispositifs de formation en Entreprises (crédit-adaptation-PFI ...)"),
        (4, 6, "Travailler l'accompagnement : besoin de moyens humains et financiers"),
        (4, 8, "Revoir la notion de cotisations sur salaire et d'emploi convenable"),
    ],
)
def test_solution_labels_are_rejoined_on_one_line(themes, theme, position, label):
    assert themes[theme - 1]["solutions"][position - 1] == label


def test_last_solution_of_each_graph_comes_just_before_the_title(themes):
    assert [theme["solutions"][-1] for theme in themes] == [
        "Employeurs : revoir leurs offres d'emploi",
        "Augmenter les offres de formation",
        "Renforcer les solidarités",
        "Revoir la notion de cotisations sur salaire et d'emploi convenable",
    ]


def test_only_the_last_workshop_has_pistes_and_the_fourth_was_added(themes):
    assert [len(theme["pistes"]) for theme in themes] == [0, 0, 0, 4]
    assert themes[3]["pistes"] == [
        {
            "text": "Soutenir les projets d'entreprise apprenante (c’est-à-dire où la gestion des "
            "compétences fait partie des objectifs de l’entreprise).",
            "lead_in": "Par rapport aux pistes à creuser mises en avant :",
            "follows_constat": 3,
            "added_during_debate": False,
        },
        {
            "text": "Concevoir un label régional pour les entreprises citoyennes.",
            "lead_in": "",
            "follows_constat": 3,
            "added_during_debate": False,
        },
        {
            "text": "Développer l'alternance en priorité pour les peu qualifiés.",
            "lead_in": "",
            "follows_constat": 3,
            "added_during_debate": False,
        },
        {
            "text": "Développer pour certaines personnes du bénévolat afin de redonner du sens, "
            "retrouver une place … sa place.",
            "lead_in": "Il serait intéressant d’en ajouter une :",
            "follows_constat": 3,
            "added_during_debate": True,
        },
    ]


def test_lead_ins_of_the_pistes_are_not_constats(themes):
    for constat in themes[3]["constats"]:
        assert "pistes à creuser mises en avant" not in constat
        assert "en ajouter une" not in constat
        assert not constat.startswith("- ")


def test_introduction_and_method_split_the_opening_pages(document):
    assert document["introduction"] == [
        "Au cours de cette journée organisée autour de la démarche des Assises de l’Insertion, "
        "les quatre thèmes repris ci-dessous ainsi que les questions vives, les réponses "
        "provisoires et les pistes à creuser y afférentes ont été abordés avec divers "
        "professionnels du territoire de la Wallonie picarde. Nous avons donc retrouvé autour "
        "de la table des professionnels des CISP (LEE - Déclic Emploi - IFI) et du CPAS "
        "Bernissart (Service Insertion) ainsi que certains membres des CSEF de "
        "Mouscron-Comines et de Tournai-Ath-Lessines."
    ]
    method = document["method"]
    assert len(method) == 3
    assert method[0].startswith("La méthodologie mise en place au sein de chaque atelier")
    assert method[0].endswith("de voir où ceux-ci nous mènent …")
    assert method[1].startswith("Le premier constat à poser")
    assert method[1].endswith("un véritable dialogue ouvert avec les acteurs présents.")
    assert method[2].endswith("à transmettre aux politiques.")


def test_conclusion_runs_to_the_end_of_the_document(document):
    conclusion = document["conclusion"]
    assert len(conclusion) == 3
    assert conclusion[0].startswith("De ces débats ressortent des thématiques")
    assert "de la valeur « éducation » et de la valeur du respect" in conclusion[0]
    assert conclusion[1].startswith("Oui, des pistes de recommandations sont ressorties")
    assert conclusion[2].endswith(
        "La question en suspens reste de savoir s’il est possible de croire en un avenir "
        "meilleur … ?"
    )


def test_no_layout_is_left_in_the_text(document):
    for text in all_texts(document):
        assert not re.search("[\ue000-\uf8ff]", text), text
        assert "  " not in text, text
        assert "\n" not in text, text
        assert text == text.strip(), text
        assert not re.search(r"(^|\s)\d+$", text), text
        assert not re.match(r"\d+\s", text), text
        assert text not in ("MOTS CLES", "SOLUTIONS"), text


def test_every_arrow_of_the_source_is_kept_and_none_is_invented(source, document):
    arrows = sum(text.count("→") for text in all_texts(document))
    assert arrows == source.count("\uf0e0") == 21


def test_labels_fit_their_fields(themes):
    for theme in themes:
        for label in [*theme["keywords"], *theme["solutions"]]:
            assert len(label) <= 300
        for piste in theme["pistes"]:
            assert len(piste["lead_in"]) <= 300


def source_words(source):
    """The words of the extracted text in reading order, without page numbers or glyphs."""
    words = []
    for line in source.splitlines():
        if line.strip().isdigit():
            continue
        line_words = line.replace("\uf0e8", " ").replace("\uf0e0", " → ").split()
        if line_words and words and re.search(r"\w-$", words[-1]):
            # A word hyphenated at the end of the previous printed line.
            words[-1] += line_words.pop(0)
        words += line_words
    return words


def document_words(document):
    """The words of the parsed document, laid back in the order the extracted text has them."""
    texts = [*document["introduction"], *document["method"]]
    for theme in document["themes"]:
        texts += [*theme["solutions"], theme["title"], *theme["questions"], "MOTS CLES"]
        texts += [", ".join(theme["keywords"]) + ".", "SOLUTIONS"]
        for position, constat in enumerate(theme["constats"], start=1):
            texts.append(constat)
            for piste in theme["pistes"]:
                if piste["follows_constat"] == position:
                    texts += [piste["lead_in"], "- " + piste["text"]]
    texts += document["conclusion"]
    return " ".join(texts).split()


def test_every_word_of_the_source_is_kept_in_order(source, document):
    assert document_words(document) == source_words(source)


def test_committed_fixture_is_what_the_parser_builds(source):
    committed = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert committed == build_fixture(source)


def test_fixture_uses_natural_keys_in_loading_order(source):
    records = build_fixture(source)
    assert all("pk" not in record for record in records)
    models = [record["model"] for record in records]
    assert models[:17] == (
        ["themes.consultation"]
        + ["themes.organisation"] * 6
        + ["themes.participation"] * 6
        + ["themes.theme"] * 4
    )
    first_theme = models[17 : 17 + 3 + 20 + 10 + 15]
    assert first_theme == (
        ["themes.question"] * 3
        + ["themes.keyword"] * 20
        + ["themes.solution"] * 10
        + ["themes.constat"] * 15
    )
    assert models[-4:] == ["themes.piste"] * 4
    assert len(records) == 17 + (3 + 20 + 10 + 15) + (1 + 19 + 7 + 11) + (2 + 11 + 8 + 11) + (
        1 + 13 + 8 + 11 + 4
    )


def test_fixture_records_name_their_parents(source):
    records = build_fixture(source)
    consultation = records[0]["fields"]
    assert consultation["slug"] == "wallonie-picarde"
    assert consultation["held_on"] is None
    assert consultation["method"].count("\n\n") == 2
    assert consultation["introduction"].startswith("Au cours de cette journée")
    assert consultation["conclusion"].endswith("un avenir meilleur … ?")

    organisations = [r["fields"] for r in records if r["model"] == "themes.organisation"]
    assert [(o["slug"], o["name"], o["kind"]) for o in organisations] == [
        ("lee", "LEE", "cisp"),
        ("declic-emploi", "Déclic Emploi", "cisp"),
        ("ifi", "IFI", "cisp"),
        ("cpas-bernissart", "CPAS de Bernissart", "cpas"),
        ("csef-mouscron-comines", "CSEF de Mouscron-Comines", "csef-ibefe"),
        ("csef-tournai-ath-lessines", "CSEF de Tournai-Ath-Lessines", "csef-ibefe"),
    ]
    assert organisations[3]["unit"] == "Service Insertion"

    participations = [r["fields"] for r in records if r["model"] == "themes.participation"]
    assert participations[0] == {
        "consultation": ["wallonie-picarde"],
        "organisation": ["lee"],
        "position": 1,
    }
    assert [p["position"] for p in participations] == [1, 2, 3, 4, 5, 6]

    themes = [r["fields"] for r in records if r["model"] == "themes.theme"]
    assert [(t["position"], t["slug"], t["title"]) for t in themes] == [
        (1, "processus-et-dispositifs-d-accompagnement", TITLES[0]),
        (2, "personnes-accompagnees", TITLES[1]),
        (3, "accompagnement-vers-le-marche-de-l-emploi", TITLES[2]),
        (4, "accompagnement-et-droit-au-travail", TITLES[3]),
    ]

    pistes = [r["fields"] for r in records if r["model"] == "themes.piste"]
    theme_key = ["wallonie-picarde", "accompagnement-et-droit-au-travail"]
    assert [p["follows_constat"] for p in pistes] == [[*theme_key, 3]] * 4
    assert [p["added_during_debate"] for p in pistes] == [False, False, False, True]
    assert all(p["theme"] == theme_key for p in pistes)
