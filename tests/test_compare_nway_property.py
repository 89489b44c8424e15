"""Property: in an N-way comparison every column tells the story of its own 2-way diff."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.compare.comparison import compare
from reader.corpus.loader import parse_text
from reader.corpus.model import Document

POOL = [
    "The council approved the new budget of 420 million francs on Monday.",
    "Il consiglio ha approvato lunedì il nuovo bilancio di 420 milioni di franchi.",
    "Le conseil a approuvé lundi le nouveau budget de 420 millions de francs.",
    "Critics said the plan ignores the needs of rural areas.",
    "I critici hanno detto che il piano ignora le esigenze delle zone rurali.",
    "Les critiques ont dit que le plan ignore les besoins des zones rurales.",
    "Trains will run every six minutes from December.",
    "Da dicembre i treni passeranno ogni sei minuti.",
    "Dès décembre, les trains passeront toutes les six minutes.",
    "The mayor, Maria Bianchi, welcomed the decision.",
    "La sindaca Maria Bianchi ha accolto con favore la decisione.",
    "La maire Maria Bianchi a salué la décision.",
    "Construction starts in 2026 and should last three years.",
    "I lavori iniziano nel 2026 e dovrebbero durare tre anni.",
    "Les travaux commencent en 2026 et devraient durer trois ans.",
    "Related posts",
    "Leave a Comment",
]


def _doc(name: str, sentences: list[str], language: str) -> Document:
    text = "\n\n".join(sentences) + "\n"
    paragraphs, parsed, title, dek, date, words = parse_text(text, language=language)
    return Document(
        id=name,
        path=Path(name),
        text=text,
        language=language,
        title=title,
        dek=dek,
        date=date,
        paragraphs=paragraphs,
        sentences=parsed,
        words=words,
    )


version = st.lists(st.sampled_from(POOL), min_size=1, max_size=9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pivot=version, others=st.lists(version, min_size=2, max_size=3))
def test_every_column_counts_equal_its_two_way_diff(
    pivot: list[str], others: list[list[str]]
) -> None:
    docs = [_doc("p", pivot, "en")] + [
        _doc(f"o{k}", sentences, ("it", "fr", "en")[k % 3]) for k, sentences in enumerate(others)
    ]
    nway = compare(docs, scorer="lexical")
    for k in range(1, len(docs)):
        alone = compare([docs[0], docs[k]], scorer="lexical")
        assert nway.summary()[k] == alone.summary()[1]
    # every sentence of every document is shown exactly once
    for k, doc in enumerate(docs):
        seen = sorted(i for row in nway.rows if (c := row.cells[k]) for i in c.sentences)
        assert seen == list(range(len(doc.sentences)))
