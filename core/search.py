"""One search over everything public, and the "similar work already exists" warning.

Each kind of public content is a `SearchSource` in one registry that knows no app: each app
describes its own content once and calls `source_register()` from its `AppConfig.ready()`
(projects, public ideas, the knowledge bank, the resource bank's members), for example:

    source_register(SearchSource(
        key="member", order=40, label=_("Member"), label_plural=_("Resource bank"),
        queryset=lambda: Member.objects.public(), body_fields=("description",),
        title_field="name", snippet_field="description", similar=False,
    ))

A search may be narrowed to one municipality (`search_results(municipality=...)`, the public
`?municipality=<address name>`): each source's rows are narrowed by the one rule of
core.regions (`scope_q` on the model's `REGION_SCOPE`), exactly as the lists are, so a row of
several municipalities is found under each and a row of the whole region under none. A source
whose model belongs to no municipality (not `RegionScoped`) is left out of a narrowed search,
for the same reason a whole-region row is: it is nobody's in particular, and listing it under a
municipality would say it is that municipality's. Today every source (projects, entries, public
ideas, members) is RegionScoped. The "similar work" warning is never narrowed: a twin in a
neighbouring municipality is still a twin.

PostgreSQL: websearch-style full-text queries over a weighted vector (title "A", body "B"),
ranked so that a title match always comes before a body-only match; the similarity warning
adds trigram similarity of titles. SQLite (the quick start): `icontains` and word overlap.
"""

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.text import Truncator

from .caching import kept_result
from .filters import municipality_narrow
from .regions import RegionScoped
from .textsearch import is_postgres, search_config, weighted_vector

# How many matches per source a search looks at; a page shows a slice of the merged list.
SEARCH_CAP = 200
# A similar item needs at least this score (full-text rank + title trigram similarity).
SIMILARITY_THRESHOLD = 0.25
WORD = re.compile(r"\w{3,}", re.UNICODE)
# For the SQLite fallback only; PostgreSQL's configurations know their own stop words.
_STOP_TEXT = """the and for with that this from have will would could should into about their
there our your they them what when which who why how are was were been being also more most
other some such than then very can all any not but och att det som för med till har inte den
ett var vid kan skulle eller vill oss våra vår"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str | Promise
    label_plural: str | Promise
    queryset: Callable[[], QuerySet]
    body_fields: tuple[str, ...]
    order: int = 50
    title_field: str = "title"
    snippet_field: str = "summary"
    # A stored, GIN-indexed SearchVectorField; None computes the vector per query.
    vector_field: str | None = "search_vector"
    # Offered in the duplicate warning on the idea form and in screening.
    similar: bool = True
    url: Callable[[Any], str] = field(default=lambda obj: obj.get_absolute_url())
    meta: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class Hit:
    source: SearchSource
    obj: Any
    score: float

    @property
    def kind(self) -> str:
        return self.source.key

    @property
    def label(self):
        return self.source.label

    @property
    def title(self) -> str:
        return getattr(self.obj, self.source.title_field)

    @property
    def url(self) -> str:
        return self.source.url(self.obj)

    @property
    def snippet(self) -> str:
        return Truncator(getattr(self.obj, self.source.snippet_field) or "").words(40)

    @property
    def meta(self) -> str:
        return str(self.source.meta(self.obj)) if self.source.meta else ""


# The duplicate warning shows the same thing as a search hit.
SimilarItem = Hit

_SOURCES: dict[str, SearchSource] = {}


def source_register(source: SearchSource) -> None:
    _SOURCES[source.key] = source


def sources() -> list[SearchSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


def source_get(key: str) -> SearchSource | None:
    return _SOURCES.get(key)


# ---------------------------------------------------------------- search


def _vector(source: SearchSource, config: str):
    if source.vector_field:
        return F(source.vector_field)
    return weighted_vector((source.title_field,), source.body_fields, config)


def _scored_pg(source: SearchSource, text: str, qs: QuerySet) -> QuerySet:
    config = search_config()
    query = SearchQuery(text, search_type="websearch", config=config)
    title_vector = SearchVector(source.title_field, config=config)
    return (
        qs.annotate(_vector=_vector(source, config), _title_vector=title_vector)
        .filter(_vector=query)
        .annotate(
            # ts_rank normalised to [0, 1) plus 1 for a title match: a title match always
            # ranks above a body-only match, and rank orders within each.
            _score=Case(When(_title_vector=query, then=Value(1.0)), default=Value(0.0))
            + SearchRank(F("_vector"), query, normalization=32)
        )
    )


def _scored_fallback(source: SearchSource, text: str, qs: QuerySet) -> QuerySet:
    words = text.split()[:10]
    if not words:
        return qs.none()
    in_title = Q()
    for word in words:
        anywhere = Q(**{f"{source.title_field}__icontains": word})
        for name in source.body_fields:
            anywhere |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(anywhere)
        in_title &= Q(**{f"{source.title_field}__icontains": word})
    return qs.annotate(
        _score=Case(When(in_title, then=Value(1.0)), default=Value(0.5), output_field=FloatField())
    )


def scored(source: SearchSource, text: str, *, queryset: QuerySet | None = None) -> QuerySet:
    """The rows of `source` (or of `queryset`, a subset of it) matching `text`, with `_score`."""
    qs = source.queryset() if queryset is None else queryset
    if is_postgres(qs.db):
        return _scored_pg(source, text, qs)
    return _scored_fallback(source, text, qs)


@dataclass
class SearchResults:
    query: str
    kind: str | None
    ranked: list[tuple[str, int, float]]  # (source key, pk, score), best first
    counts: dict[str, int]

    def __len__(self):
        return len(self.ranked)

    def hits(self, rows: Iterable[tuple[str, int, float]]) -> list[Hit]:
        """Load the objects of one page: one query per source on the page."""
        return hits_load(rows)


def hits_load(rows: Iterable[tuple[str, int, float]]) -> list[Hit]:
    """The hits of (source key, pk, score) rows, in their order: one query per source; a row
    whose object has gone since is left out."""
    rows = list(rows)
    wanted: dict[str, list[int]] = {}
    for key, pk, _score in rows:
        wanted.setdefault(key, []).append(pk)
    loaded = {key: source_get(key).queryset().in_bulk(pks) for key, pks in wanted.items()}
    return [
        Hit(source=source_get(key), obj=loaded[key][pk], score=score)
        for key, pk, score in rows
        if pk in loaded[key]
    ]


def source_rows(source: SearchSource, *, municipality=None) -> QuerySet:
    """The rows of `source`, or only those of `municipality` (see the module's docstring)."""
    qs = source.queryset()
    if municipality is None:
        return qs
    if not issubclass(qs.model, RegionScoped):
        return qs.none()
    return municipality_narrow(qs, municipality)


def search_results(*, query: str, kind: str | None = None, municipality=None) -> SearchResults:
    """Everything public that matches, best first; `kind` narrows to one source and
    `municipality` (a core.Municipality) to the rows of one municipality."""
    query = query.strip()[:200]
    per_source: dict[str, list[tuple[str, int, float]]] = {}
    if query:
        for source in sources():
            rows = (
                scored(source, query, queryset=source_rows(source, municipality=municipality))
                .order_by("-_score", "-pk")
                .values_list("pk", "_score")[:SEARCH_CAP]
            )
            per_source[source.key] = [(source.key, pk, float(score)) for pk, score in rows]
    counts = {key: len(rows) for key, rows in per_source.items()}
    chosen = [kind] if kind in per_source else list(per_source)
    ranked = sorted((row for key in chosen for row in per_source[key]), key=lambda r: -r[2])
    return SearchResults(
        query=query, kind=kind if kind in per_source else None, ranked=ranked, counts=counts
    )


# ---------------------------------------------------------------- similar work


def _words(text: str, limit: int = 40) -> list[str]:
    seen: dict[str, None] = {}
    for word in WORD.findall(text.lower()):
        if word not in STOP_WORDS and not word.isdigit() and word != "or":
            seen.setdefault(word, None)
    return list(seen)[:limit]


# The words that pick candidates: all of the title's and the longest of the text's. Longer
# words are rarer, so the OR-query matches a few hundred rows instead of most of a source.
CANDIDATE_TEXT_WORDS = 8


def _candidate_words(title: str, text: str) -> list[str]:
    title_words = _words(title)
    rest = [word for word in _words(text) if word not in title_words]
    rest.sort(key=len, reverse=True)
    return title_words + rest[:CANDIDATE_TEXT_WORDS]


# How many full-text candidates per source the duplicate warning scores in full.
SIMILAR_CANDIDATES = 100


def _similar_queryset(source: SearchSource, words: str, title: str, limit: int) -> QuerySet:
    """Candidates first, score after: the GIN-indexed match of any of `words`, best ts_rank
    first, at most SIMILAR_CANDIDATES of them; only those get the title trigram similarity and
    the final score. (A trigram `%` scan of a long title over the GIN index costs more than the
    whole ranking, and a title similar enough to count shares words with the text anyway.)"""
    config = search_config()
    any_word = SearchQuery(words, search_type="websearch", config=config)
    candidates = (
        source.queryset()
        .annotate(_vector=_vector(source, config))
        .filter(_vector=any_word)
        .annotate(_rank=SearchRank(F("_vector"), any_word, normalization=32))
        .order_by("-_rank", "-pk")
        .values("pk")[:SIMILAR_CANDIDATES]
    )
    return (
        source.queryset()
        .filter(pk__in=candidates)
        .annotate(
            _score=Coalesce(SearchRank(_vector(source, config), any_word, normalization=32), 0.0)
            + TrigramSimilarity(source.title_field, title)
        )
        .filter(_score__gte=SIMILARITY_THRESHOLD)
        .order_by("-_score", "-pk")[:limit]
    )


# The duplicate warning's query is the same for every text but for two values, the words and
# the title: its SQL is built once per source and reused with them (building and compiling
# it in the ORM was a quarter of the warning's time: 10 of 41 ms for three sources).
_WORDS, _TITLE = "\x00words\x00", "\x00title\x00"  # no text in PostgreSQL holds a NUL
_similar_sql: dict = {}


def _similar_compiled(source: SearchSource, limit: int) -> tuple[str, tuple, type] | None:
    """The SQL, parameters and model of `_similar_queryset` for `source`, with `_WORDS` and
    `_TITLE` in place of the words and the title; None for a source whose query cannot be
    reused that way (one that loads related rows, or whose query differs from one build to
    the next, as with a time in its filter): it is built for each text."""
    key = (source, search_config(), limit, SIMILAR_CANDIDATES, SIMILARITY_THRESHOLD)
    if key not in _similar_sql:
        built = _similar_queryset(source, _WORDS, _TITLE, limit)
        sql, params = built.query.sql_with_params()
        again = _similar_queryset(source, _WORDS, _TITLE, limit).query.sql_with_params()
        reusable = (
            (sql, params) == again
            and not built.query.select_related
            and _WORDS in params
            and _TITLE in params
        )
        _similar_sql[key] = (sql, params, built.model) if reusable else None
    return _similar_sql[key]


def _similar_pg(source: SearchSource, text: str, title: str, limit: int) -> list[Hit]:
    words = _candidate_words(title, text)
    if not words:
        return []
    words = " or ".join(words)
    compiled = _similar_compiled(source, limit)
    if compiled is None:
        rows = _similar_queryset(source, words, title, limit)
    else:
        sql, params, model = compiled
        values = {_WORDS: words, _TITLE: title}
        params = [values.get(p, p) if isinstance(p, str) else p for p in params]
        rows = model._default_manager.raw(sql, params)
    return [Hit(source=source, obj=obj, score=obj._score) for obj in rows]


def _similar_fallback(source: SearchSource, text: str, title: str, limit: int) -> list[Hit]:
    wanted = set(_words(f"{title} {text}", limit=200))
    title_words = set(_words(title))
    if not wanted:
        return []
    hits = []
    for obj in source.queryset().order_by("-pk")[:500]:
        own_title = set(_words(getattr(obj, source.title_field)))
        body = " ".join(str(getattr(obj, name) or "") for name in source.body_fields)
        shared = wanted & (own_title | set(_words(body, limit=400)))
        title_shared = (title_words or wanted) & own_title
        score = (len(shared) + 2 * len(title_shared)) / (len(wanted) + 2)
        if len(shared) >= 2 and score >= SIMILARITY_THRESHOLD:
            hits.append(Hit(source=source, obj=obj, score=score))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


def similar_items(
    *, text: str, title: str = "", limit: int = 5, exclude: tuple[str, int] | None = None
) -> list[SimilarItem]:
    """The public work most like this text: projects, knowledge-bank entries, public ideas.

    `title` (when known) drives the trigram comparison of titles; `exclude` leaves out one
    item, e.g. the idea being screened.
    """
    title = (title or text[:200]).strip()
    similar = _similar_pg if is_postgres() else _similar_fallback
    hits: list[Hit] = []
    for source in sources():
        if source.similar:
            hits += similar(source, text, title, limit + 1)
    if exclude:
        hits = [h for h in hits if (h.kind, h.obj.pk) != tuple(exclude)]
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


def similar_items_kept(
    *, text: str, title: str = "", limit: int = 5, exclude: tuple[str, int]
) -> list[SimilarItem]:
    """similar_items for a stored row (`exclude`: the idea being screened), computed once per
    change of the public content and kept in the shared cache (core.caching.kept_result):
    only (source, pk, score) is kept, the objects are loaded again (one query a source)."""
    digest = hashlib.sha256(f"{title}\0{text}".encode()).hexdigest()[:24]
    computed: list[SimilarItem] = []

    def compute():
        computed.extend(similar_items(text=text, title=title, limit=limit, exclude=exclude))
        return [(h.kind, h.obj.pk, h.score) for h in computed]

    rows = kept_result("similar_items", f"{exclude[0]}:{exclude[1]}:{limit}:{digest}", compute)
    if computed or not rows:
        return computed
    return hits_load(rows)
