"""Rebuild the Assises document from the text extracted from its PDF, without changing a word.

The extraction breaks the text as the PDF lays it out: one line per printed line with blank lines
in between, page numbers, the bubbles of each workshop's graph split over several lines just before
the workshop's title, and two glyphs of a symbol font (a bullet and an arrow). This module undoes
that layout and nothing else. It is pure Python so that the fixture can be rebuilt and checked
without a database.
"""

import re

BULLET_GLYPH = "\uf0e8"
ARROW_GLYPH = "\uf0e0"
ARROW = "→"
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")

KEYWORDS_HEADING = "MOTS CLES"
SOLUTIONS_HEADING = "SOLUTIONS"
# The conclusion has no heading in the extracted text: it opens with this sentence.
CONCLUSION_OPENING = "De ces débats ressortent"

# The two sentences of workshop 4 that announce its pistes à creuser.
PROPOSED_PISTES_LEAD_IN = "Par rapport aux pistes à creuser mises en avant :"
ADDED_PISTE_LEAD_IN = "Il serait intéressant d’en ajouter une :"
PISTE_MARK = "- "

SENTENCE_END = (".", "?", "!", "…")
# A line ending with a colon ends its paragraph too when a list follows (the pistes' lead-ins);
# in a bubble (« Employeurs : revoir… ») it does not end the label.
COLON = ":"

# A line that ends a sentence and is followed by a capitalised line ends its paragraph, except for
# these lines: their sentence happens to end at the right margin and the paragraph goes on. Chosen
# by reading, with the printed widths as a hint (in the introduction and workshop 1, where the first
# line of a paragraph is indented, the next line is too wide to be a first line).
PARAGRAPH_GOES_ON_AFTER = (
    # Introduction: « Oui, un manque de présence… » answers the sentence before it.
    "voire même des recommandations.",
    # Workshop 1: individual work, then collective work, in one paragraph.
    "de faire le suivi de la personne ainsi que de la remotiver.",
    # Workshop 1: the run of questions about school goes on.
    "Savent-ils ce qui les attend après l’école ?",
    # Workshop 1: « Importance d’écouter les besoins des jeunes… » closes the school paragraph.
    "et à des classifications sociétales …",
    # Workshop 2: the comment closes the paragraph on the proofs asked by the ONEM.
    "mais bien par la preuve demandée et donc par l’allocation financière.",
    # Workshop 2: the training bodies, penalised too, and what they do about it.
    "car ils sont payés aux heures de formation …",
    # Workshop 2: volatile jobs, then the jobs on offer.
    "mais n’est-ce pas l’emploi qui est volatile ?",
    # Workshop 2: the waiting list for training, one paragraph.
    "Comment l’expliquer ?",
    # Workshop 4: « Malheureusement… » answers the idea of a service inside the firm.
    "plus le travail sera efficace et meilleur le rendement sera.",
)

# In a graph, each bubble's label starts on a capitalised line; this line continues the label
# « Favoriser les dispositifs de formation en Entreprises (crédit-adaptation-PFI ...) ».
LABEL_GOES_ON_WITH = ("Entreprises (crédit-",)

# Every run of two or more spaces inside a line of the source was read (lines 9, 197, 219, 259,
# 376, 378, 380, 401, 413, 459, 474, 478, 606, 636, 657, 663, 788, 817, 819, 821, 831, 834, 855,
# 894 and 967): each is a doubled space typed in the original (« et  du CPAS », « trop  jeune »,
# « orientent.  Ne va-t-on… ») or the padding before a surviving arrow (197, 380); none stands for
# a lost arrow, so every such run becomes one space and every arrow of the text is an U+F0E0 glyph.

THEME_SLUGS = (
    "processus-et-dispositifs-d-accompagnement",
    "personnes-accompagnees",
    "accompagnement-vers-le-marche-de-l-emploi",
    "accompagnement-et-droit-au-travail",
)

CONSULTATION = {
    "slug": "wallonie-picarde",
    "title": "Assises de l’Insertion en Wallonie picarde",
    "subtitle": "Pour un accompagnement de qualité des demandeurs d’emploi",
    "region": "Wallonie picarde",
    "source_document": "assises-insertion-wallonie-picarde.txt",
}

# The bodies named in the introduction, in the order it names them.
ORGANISATIONS = (
    {"slug": "lee", "name": "LEE", "kind": "cisp", "unit": "", "locality": ""},
    {"slug": "declic-emploi", "name": "Déclic Emploi", "kind": "cisp", "unit": "", "locality": ""},
    {"slug": "ifi", "name": "IFI", "kind": "cisp", "unit": "", "locality": ""},
    {
        "slug": "cpas-bernissart",
        "name": "CPAS de Bernissart",
        "kind": "cpas",
        "unit": "Service Insertion",
        "locality": "Bernissart",
    },
    {
        "slug": "csef-mouscron-comines",
        "name": "CSEF de Mouscron-Comines",
        "kind": "csef-ibefe",
        "unit": "",
        "locality": "Mouscron-Comines",
    },
    {
        "slug": "csef-tournai-ath-lessines",
        "name": "CSEF de Tournai-Ath-Lessines",
        "kind": "csef-ibefe",
        "unit": "",
        "locality": "Tournai-Ath-Lessines",
    },
)


def parse_document(text: str) -> dict:
    """Return the document's introduction, method, themes and conclusion as plain data.

    Texts are lists of paragraphs; each theme is a dict with its title, questions, keywords,
    solutions, constats and pistes (a piste names the constat it follows by its 1-based position).
    """
    lines = _content_lines(text)
    keyword_headings = _indexes(lines, KEYWORDS_HEADING)
    solution_headings = _indexes(lines, SOLUTIONS_HEADING)
    conclusion_start = _conclusion_start(lines)

    titles = [_title_index(lines, after) for after in [-1, *solution_headings[:-1]]]
    graphs = [_graph_start(lines, title) for title in titles]
    summary_ends = [*graphs[1:], conclusion_start]

    themes = []
    for title, keywords_at, solutions_at, summary_end, graph in zip(
        titles, keyword_headings, solution_headings, summary_ends, graphs, strict=True
    ):
        constats, pistes = _summary(_paragraphs(lines[solutions_at + 1 : summary_end]))
        themes.append(
            {
                "title": lines[title],
                "questions": _questions(lines[title + 1 : keywords_at]),
                "keywords": _keywords(lines[keywords_at + 1 : solutions_at]),
                "solutions": _labels(lines[graph:title]),
                "constats": constats,
                "pistes": pistes,
            }
        )

    opening = _paragraphs(lines[: graphs[0]])
    document = {
        "introduction": opening[:1],
        "method": opening[1:],
        "themes": themes,
        "conclusion": _paragraphs(lines[conclusion_start:]),
    }
    _check_exceptions_used(lines)
    return document


def build_fixture(text: str) -> list[dict]:
    """Return the document as Django serialization records with natural keys and no pk."""
    document = parse_document(text)
    consultation_key = [CONSULTATION["slug"]]
    records = [
        _record(
            "consultation",
            slug=CONSULTATION["slug"],
            title=CONSULTATION["title"],
            subtitle=CONSULTATION["subtitle"],
            region=CONSULTATION["region"],
            held_on=None,
            introduction="\n\n".join(document["introduction"]),
            method="\n\n".join(document["method"]),
            conclusion="\n\n".join(document["conclusion"]),
            source_document=CONSULTATION["source_document"],
        )
    ]
    records += [_record("organisation", **org, website="") for org in ORGANISATIONS]
    records += [
        _record(
            "participation",
            consultation=consultation_key,
            organisation=[org["slug"]],
            position=position,
        )
        for position, org in enumerate(ORGANISATIONS, start=1)
    ]
    themes = list(zip(THEME_SLUGS, document["themes"], strict=True))
    records += [
        _record(
            "theme", consultation=consultation_key, position=position, slug=slug, title=t["title"]
        )
        for position, (slug, t) in enumerate(themes, start=1)
    ]
    for slug, theme in themes:
        theme_key = [*consultation_key, slug]
        for model, field, items in [
            ("question", "text", theme["questions"]),
            ("keyword", "label", theme["keywords"]),
            ("solution", "label", theme["solutions"]),
            ("constat", "text", theme["constats"]),
        ]:
            records += [
                _record(model, theme=theme_key, position=position, **{field: item})
                for position, item in enumerate(items, start=1)
            ]
        records += [
            _record(
                "piste",
                theme=theme_key,
                position=position,
                text=piste["text"],
                lead_in=piste["lead_in"],
                follows_constat=[*theme_key, piste["follows_constat"]],
                added_during_debate=piste["added_during_debate"],
            )
            for position, piste in enumerate(theme["pistes"], start=1)
        ]
    return records


def _record(model, **fields):
    return {"model": f"themes.{model}", "fields": fields}


def _content_lines(text):
    """Return the printed lines without page numbers, blank lines and the spaces around them."""
    stripped = (line.strip() for line in text.splitlines())
    return [line for line in stripped if line and not line.isdigit()]


def _indexes(lines, heading):
    return [index for index, line in enumerate(lines) if line == heading]


def _conclusion_start(lines):
    for index, line in enumerate(lines):
        if line.startswith(CONCLUSION_OPENING):
            return index
    raise ValueError(
        f"Conclusion introuvable : aucune ligne ne commence par {CONCLUSION_OPENING!r}"
    )


def _title_index(lines, after):
    """Return the index of a workshop's title: the line just before its first question."""
    for index in range(after + 1, len(lines)):
        if lines[index].startswith(BULLET_GLYPH):
            return index - 1
    raise ValueError(
        "Titre d’atelier introuvable : aucune question vive après la rubrique précédente"
    )


def _graph_start(lines, title):
    """Return where the bubbles before a title start: after the last line that ends a sentence."""
    start = title
    while start > 0 and not _ends_sentence(lines[start - 1]):
        start -= 1
    return start


def _ends_sentence(line):
    return line.endswith(SENTENCE_END)


def _starts_paragraph(line):
    return line[0].isupper() or line.startswith(PISTE_MARK)


def _paragraphs(lines):
    """Group printed lines into paragraphs: a sentence ending a line before a new one ends it."""
    paragraphs = []
    current = []
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        current.append(line)
        if following is None or (
            line.endswith((*SENTENCE_END, COLON))
            and _starts_paragraph(following)
            and not _goes_on(line)
        ):
            paragraphs.append(_join(current))
            current = []
    return paragraphs


def _goes_on(line):
    return line.endswith(PARAGRAPH_GOES_ON_AFTER)


def _join(lines):
    """Join printed lines into one text, rejoining a word hyphenated at the end of a line."""
    text = lines[0]
    for line in lines[1:]:
        separator = "" if re.search(r"\w-$", text) else " "
        text += separator + line
    text = text.replace(ARROW_GLYPH, f" {ARROW} ")
    text = re.sub(r"\s+", " ", text).strip()
    if PRIVATE_USE.search(text):
        raise ValueError(f"Glyphe d’une police de symboles non traité dans : {text!r}")
    return text


def _questions(lines):
    """Return the questions vives: each starts with a bullet glyph, dropped here."""
    questions = []
    for line in lines:
        if line.startswith(BULLET_GLYPH):
            questions.append([line.removeprefix(BULLET_GLYPH)])
        elif questions:
            questions[-1].append(line)
        else:
            raise ValueError(f"Question vive sans puce : {line!r}")
    return [_join(question) for question in questions]


def _keywords(lines):
    """Return the comma-separated keywords, without the list's final period."""
    return [keyword.strip() for keyword in _join(lines).removesuffix(".").split(",")]


def _labels(lines):
    """Return the bubble labels of a graph: a label starts on a capitalised line."""
    labels = []
    for line in lines:
        if line[0].isupper() and line not in LABEL_GOES_ON_WITH:
            labels.append([line])
        elif labels:
            labels[-1].append(line)
        else:
            raise ValueError(f"Bulle qui ne commence pas par une majuscule : {line!r}")
    return [_join(label) for label in labels]


def _summary(paragraphs):
    """Split a workshop's summary into its constats and its pistes à creuser."""
    constats = []
    pistes = []
    lead_in = ""
    added = False
    for paragraph in paragraphs:
        if paragraph in (PROPOSED_PISTES_LEAD_IN, ADDED_PISTE_LEAD_IN):
            lead_in = paragraph
            added = paragraph == ADDED_PISTE_LEAD_IN
        elif paragraph.startswith(PISTE_MARK):
            pistes.append(
                {
                    "text": paragraph.removeprefix(PISTE_MARK),
                    "lead_in": lead_in,
                    "follows_constat": len(constats),
                    "added_during_debate": added,
                }
            )
            lead_in = ""
        else:
            constats.append(paragraph)
    return constats, pistes


def _check_exceptions_used(lines):
    """Fail loudly if an exception table names a line the text no longer has exactly once."""
    for ending in PARAGRAPH_GOES_ON_AFTER:
        if sum(line.endswith(ending) for line in lines) != 1:
            raise ValueError(f"PARAGRAPH_GOES_ON_AFTER : ligne introuvable ou ambiguë : {ending!r}")
    for label_line in LABEL_GOES_ON_WITH:
        if lines.count(label_line) != 1:
            raise ValueError(f"LABEL_GOES_ON_WITH : ligne introuvable ou ambiguë : {label_line!r}")
