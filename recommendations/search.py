"""Search the recommendations and the document through the index the database keeps.

The same expectations hold on both databases: case and accents never matter, singular and
plural find the same, a word from the document (a constat, say) finds the recommendations
built on it and the passage itself, and a typo gets a « Vouliez-vous dire … ? ».
PostgreSQL stems French (and English on /en/) and ranks; SQLite folds plurals and matches
word beginnings, in the order of the references.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import BooleanField, F, FloatField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from core.links import cached_reverse, per_language

from . import search_index
from .models import Recommendation

#: How many passages of the document the list shows above the recommendations.
SHOWN_PASSAGES = 10
EXCERPT_LENGTH = 220

KIND_OF_PIECE = {
    search_index.QUESTION: "question",
    search_index.CONSTAT: "constat",
    search_index.SOLUTION: "solution",
    search_index.PISTE: "piste",
}

# Words a French (or English) search leaves out, as PostgreSQL's dictionaries do.
_STOP_WORDS = (
    "a au aux avec ce ces d dans de des du elle en et il je l la le les leur lui ma mais me "
    "mes mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes ton "
    "tu un une vos votre vous y est sont and are as at be by for from in is it of or the to with"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())


def fold(text):
    """Lower case without accents: how both indexes compare words."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def singular(word):
    """A simple French (and English) plural folding: « formations » → « formation »."""
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def tokens(text):
    return [token for token in re.findall(r"\w+", fold(text)) if token not in STOP_WORDS]


@dataclass
class Passage:
    """A piece of the document where the words were found."""

    kind: str
    object_id: int
    theme_position: int
    url: str
    excerpt: str

    @property
    def label(self):
        return _passage_labels()[self.kind] % {"theme": self.theme_position}


@per_language(maxsize=8)
def _passage_labels():
    return {
        "question": _("Question vive du thème %(theme)s"),
        "constat": _("Constat du thème %(theme)s"),
        "solution": _("Solution du thème %(theme)s"),
        "piste": _("Piste à creuser du thème %(theme)s"),
    }


@per_language(maxsize=8)
def _places():
    """How a line says where the words were found: in the recommendation, or in a piece."""
    return _("dans la recommandation"), {
        "solution": _("dans une solution du thème %(theme)s"),
        "constat": _("dans un constat du thème %(theme)s"),
        "piste": _("dans une piste à creuser du thème %(theme)s"),
    }


@dataclass
class SearchResult:
    """What a search found in the document, for the list to show beside the recommendations."""

    text: str
    english: bool
    vendor: str
    passages: list = field(default_factory=list)
    #: The ids of the recommendations whose own words matched.
    own: set = field(default_factory=set)
    #: ``{recommendation id: {kind: piece id}}`` for those built on a matching piece.
    linked: dict = field(default_factory=dict)

    @property
    def shown_passages(self):
        return self.passages[:SHOWN_PASSAGES]

    def theme_of(self, kind, object_id):
        for passage in self.passages:
            if passage.kind == kind and passage.object_id == object_id:
                return passage.theme_position
        return None

    def where_found(self, pk):
        """Where the words were found for one listed recommendation (by its id), in words."""
        places = []
        own, phrases = _places()
        if pk in self.own:
            places.append(own)
        pieces = self.linked.get(pk, {})
        for kind, phrase in phrases.items():
            object_id = pieces.get(kind)
            if object_id is not None:
                places.append(phrase % {"theme": self.theme_of(kind, object_id)})
        return places

    def ids_of(self, kind):
        return [passage.object_id for passage in self.passages if passage.kind == kind]


# The query, each database's way ---------------------------------------------------------------


def _fts5_query(text, *, columns):
    """An FTS5 expression: every word (plural folded) begins a word of the columns.

    Each term is quoted, so nothing the visitor types is read as FTS5 syntax; a word after
    « - » must not appear.
    """
    wanted, unwanted = [], []
    for word in text.split():
        target = unwanted if word.startswith("-") and len(word) > 1 else wanted
        for token in tokens(word):
            target.append(f'"{singular(token)}"*' if len(token) > 1 else f'"{token}"')
    if not wanted:
        return None
    expression = "(" + " AND ".join(wanted) + ")"
    if unwanted:
        expression += " NOT (" + " OR ".join(unwanted) + ")"
    return "{" + " ".join(columns) + "} : (" + expression + ")"


def _postgresql_query(english):
    """The visitor's words as PostgreSQL's queries, computed once for the whole statement.

    A ``FROM`` item ``q`` with ``q.fr`` (and ``q.en`` in English). Written in the ``WHERE``
    clause, ``websearch_to_tsquery(unaccent(…))`` is not constant (``unaccent`` is only stable)
    and runs again for every row scanned: four fifths of the search's time in the database.
    ``OFFSET 0`` keeps PostgreSQL from folding the subquery back into the ``WHERE``.
    Returns the SQL and its parameters (the text once, or twice in English).
    """
    if not english:
        return "(SELECT websearch_to_tsquery('french', unaccent(%s)) AS fr OFFSET 0) q", 1
    return (
        "(SELECT websearch_to_tsquery('french', unaccent(%s)) AS fr, "
        "websearch_to_tsquery('english', %s) AS en OFFSET 0) q",
        2,
    )


def _postgresql_matches(result, using):
    """The document's passages and the recommendations the words were found in, in one pass
    over the index: (passage rows, best first; ``{recommendation id: rank}``).

    The passages are matched on their French words; the recommendations on their French words
    and, in English, on their English ones too.
    """
    query, times = _postgresql_query(result.english)
    if result.english:
        match = "(e.vector_fr @@ q.fr OR (e.kind = 1 AND e.vector_en @@ q.en))"
        rank = (
            "CASE WHEN e.kind = 1 THEN ts_rank(e.vector_fr, q.fr) + ts_rank(e.vector_en, q.en) "
            "ELSE ts_rank(e.vector_fr, q.fr) END"
        )
    else:
        match, rank = "e.vector_fr @@ q.fr", "ts_rank(e.vector_fr, q.fr)"
    sql = (
        f"SELECT e.kind, e.object_id, {rank} AS rank, t.position, t.slug, e.position, "
        "CASE WHEN e.kind > 1 THEN e.excerpt END "
        f"FROM {query}, search_entry e LEFT JOIN themes_theme t ON t.id = e.theme_id "
        f"WHERE {match} AND (e.kind = 1 OR t.id IS NOT NULL) "
        "ORDER BY rank DESC, t.position, e.kind, e.position"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [result.text] * times)
        rows = cursor.fetchall()
    passages, ranks = [], {}
    for kind, object_id, rank, theme_position, theme_slug, position, excerpt in rows:
        if kind == 1:
            ranks[int(object_id)] = rank
        else:
            passages.append((kind, object_id, theme_position, theme_slug, position, excerpt))
    return passages, ranks


def _sqlite_passages(result, using):
    """Every passage of the document the words were found in, best first (rows)."""
    query = _fts5_query(result.text, columns=["body"])
    if query is None:
        return []
    sql = (
        "SELECT search_entry.rowid %% 8, search_entry.rowid / 8, t.position, t.slug, "
        "search_entry.position, search_entry.body "
        "FROM search_entry JOIN themes_theme t ON t.id = search_entry.theme_id "
        "WHERE search_entry MATCH %s AND search_entry.rowid %% 8 > 1 "
        "ORDER BY search_entry.rank, t.position, search_entry.rowid %% 8, "
        "search_entry.position"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [query])
        return cursor.fetchall()


def _sqlite_own_matches(result, using):
    """The recommendations whose own text matches: ``{id: None}``, or None when the words
    make no query."""
    columns = ["title", "body", "title_en", "body_en"] if result.english else ["title", "body"]
    query = _fts5_query(result.text, columns=columns)
    if query is None:
        return None
    sql = "SELECT rowid / 8 FROM search_entry WHERE search_entry MATCH %s AND rowid %% 8 = 1"
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [query])
        return {int(object_id): None for (object_id,) in cursor.fetchall()}


def _passages(rows):
    """The passages, with their address and a short excerpt, from the index's rows."""
    passages = []
    for kind, object_id, theme_position, theme_slug, position, excerpt in rows:
        name = KIND_OF_PIECE[int(kind)]
        url = f"{cached_reverse('themes:detail', slug=theme_slug)}#{name}-{position}"
        if len(excerpt) > EXCERPT_LENGTH:
            excerpt = excerpt[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"
        passages.append(Passage(name, int(object_id), theme_position, url, excerpt))
    return passages


def _array(values):
    """A PostgreSQL array literal: one parameter, however many values (an ``IN`` list of
    hundreds of ids costs more to plan than to run)."""
    return "{" + ",".join(map(str, values)) + "}"


def _among(queryset, ids, vendor):
    """The queryset narrowed to these ids."""
    if vendor != "postgresql":
        return queryset.filter(pk__in=sorted(ids))
    column = f'"{queryset.model._meta.db_table}"."id"'
    return queryset.filter(
        RawSQL(f"{column} = ANY(%s::bigint[])", [_array(sorted(ids))], output_field=BooleanField())
    )


def _ranked(queryset, ranks):
    """Best matches first (PostgreSQL): each recommendation's rank from ``ranks``, those found
    only through the document after them, then by reference.

    The ranks go as one JSON object, ``{"id": rank}``: looking an id up in it is a binary
    search, where ``array_position`` would walk hundreds of ids for every row.
    """
    column = f'"{queryset.model._meta.db_table}"."id"'
    rank = RawSQL(
        f"(%s::jsonb ->> {column}::text)::float8",
        [json.dumps({str(pk): float(rank) for pk, rank in ranks.items()})],
        output_field=FloatField(),
    )
    return queryset.annotate(search_rank=rank).order_by(
        F("search_rank").desc(nulls_last=True), "reference"
    )


def _recommendations_linked(result, using):
    """For each recommendation built on a solution, constat or piste where the words were
    found, the first such piece of each kind: ``{recommendation id: {kind: piece id}}``.

    One plain statement (a ``UNION ALL`` over the three link tables): built with the ORM, the
    three querysets and their union cost several times what the database does with them.
    """
    links = {
        "solution": Recommendation.solutions.through,
        "constat": Recommendation.constats.through,
        "piste": Recommendation.pistes.through,
    }
    connection = connections[using]
    quote = connection.ops.quote_name
    kinds, parts, params = [], [], []
    for kind, through in links.items():
        ids = sorted(result.ids_of(kind))
        if not ids:
            continue
        table = quote(through._meta.db_table)
        owner = quote(through._meta.get_field("recommendation").column)
        piece = quote(through._meta.get_field(kind).column)
        placeholders = ", ".join(["%s"] * len(ids))
        parts.append(
            f"SELECT {len(kinds)}, {owner}, {piece} FROM {table} WHERE {piece} IN ({placeholders})"
        )
        kinds.append(kind)
        params.extend(ids)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    linked = {}
    for index, recommendation_id, piece_id in rows:
        pieces = linked.setdefault(recommendation_id, {})
        kind = kinds[index]
        pieces[kind] = min(piece_id, pieces.get(kind, piece_id))
    return linked


def search(queryset, text, *, english=False):
    """Narrow the recommendations to those the words were found for, and say where.

    Returns the queryset (best matches first on PostgreSQL) and a ``SearchResult`` holding
    the document's passages and, for ``where_found``, which recommendations matched by their
    own words and which by a solution, constat or piste they come from.

    The index is read once for the recommendations' own words and the document's (twice on
    SQLite): the list, its count and its page then only look up the ids found, whatever the
    number of recommendations.
    """
    using = queryset.db
    result = SearchResult(text=text, english=english, vendor=connections[using].vendor)
    if result.vendor == "postgresql":
        rows, ranks = _postgresql_matches(result, using)
    else:
        rows, ranks = _sqlite_passages(result, using), _sqlite_own_matches(result, using)
    result.passages = _passages(rows)
    if ranks is None:
        return queryset.none(), result
    result.own = set(ranks)
    result.linked = _recommendations_linked(result, using)
    found = result.own | result.linked.keys()
    if not found:
        return queryset.none(), result
    queryset = _among(queryset, found, result.vendor)
    if result.vendor == "postgresql":
        queryset = _ranked(queryset, ranks)
    return queryset, result


# « Vouliez-vous dire … ? » ---------------------------------------------------------------------


def _edit_distance(first, second, limit):
    """Optimal string alignment distance (a swap of two letters counts one), or limit + 1."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_previous, previous = None, list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]


def _sqlite_corrections(words, using):
    """For each word no indexed word begins with, the closest indexed word (or None)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT term, doc FROM search_entry_words")
        vocabulary = cursor.fetchall()
    corrections = {}
    for word in words:
        stem = singular(word)
        if any(term.startswith(stem) for term, _ in vocabulary):
            continue
        limit = 1 if len(word) <= 4 else 2
        candidates = [
            (_edit_distance(word, term, limit), -count, term)
            for term, count in vocabulary
            if not term.isdigit() and len(term) > 2
        ]
        candidates = [candidate for candidate in candidates if candidate[0] <= limit]
        corrections[word] = min(candidates)[2] if candidates else None
    return corrections


def _postgresql_corrections(words, using):
    """For each word not in the word list, its closest word by trigrams (or None)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT w, EXISTS (SELECT 1 FROM search_word WHERE word = w), "
            "(SELECT word FROM search_word WHERE word %% w "
            "ORDER BY similarity(word, w) DESC, word LIMIT 1) "
            "FROM unnest(%s::text[]) AS w",
            [list(words)],
        )
        rows = cursor.fetchall()
    return {word: best for word, known, best in rows if not known}


def suggestion(text, *, using="default"):
    """The visitor's words with each unknown one replaced by the closest known word, or None."""
    vendor = connections[using].vendor
    words = [word for word in text.split() if not word.startswith("-")]
    wanted = {}
    for word in words:
        found = re.findall(r"\w+", word.lower())
        if len(found) == 1 and len(found[0]) > 2 and not found[0].isdigit():
            wanted[word] = found[0] if vendor == "postgresql" else fold(found[0])
    if not wanted:
        return None
    if vendor == "postgresql":
        corrections = _postgresql_corrections(set(wanted.values()), using)
    else:
        corrections = _sqlite_corrections(set(wanted.values()), using)
    changed = False
    suggested = []
    for word in text.split():
        correction = corrections.get(wanted.get(word))
        if correction and correction != wanted[word]:
            suggested.append(correction)
            changed = True
        else:
            suggested.append(word)
    return " ".join(suggested) if changed else None
