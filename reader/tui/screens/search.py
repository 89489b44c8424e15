"""Corpus search (``F``): a query box and the documents that match, best first.

Each document is listed with its title, language and how many sentences match, then
its best matching sentences with the matched words highlighted; ``enter`` on any of
them opens the document at that sentence (the article's own search then walks the
matches with ``n``/``N``). The query language is :mod:`reader.corpus.search`'s: words,
``"phrases"``, ``prefix*``, ``-exclude``, ``OR``, and the word being typed matches as a
prefix; nothing typed is ever an error.
Results are data: built as Rich ``Text`` (never parsed as markup) from neutralised text.

The screen's result is ``(path, hit)``, or ``None`` when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.corpus.index import CorpusIndex
from reader.corpus.search import Found, Hit, search

if TYPE_CHECKING:
    from reader.corpus.model import Document
    from reader.tui.widgets.article import ArticleView
    from reader.view.listing import Slot

SearchResult = tuple[Path, Hit]
DEBOUNCE = 0.15  # seconds of no typing before searching
SNIPPET = 96  # characters of a matching sentence shown


class CorpusSearch(ModalScreen[SearchResult | None]):
    """Search every document of the corpus."""

    DEFAULT_CSS = """
    CorpusSearch {
        align: center middle;
        #corpus-box {
            width: 94%;
            max-width: 120;
            height: 86%;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
        #corpus-help { height: auto; color: $text-muted; }
        #corpus-query { margin: 1 0 0 0; }
        #corpus-status { height: auto; color: $text-muted; margin: 0 0 1 0; }
        #corpus-results { height: 1fr; border: none; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "to_results", "To the results", show=False),
    ]

    def __init__(self, index: CorpusIndex, slots: Sequence[Slot], query: str = "") -> None:
        super().__init__()
        self._index = index
        self._documents: list[Document] = [s.document for s in slots if s.document is not None]
        self._loading = any(s.document is None or s.preview for s in slots)
        self._query = query
        self._timer: Timer | None = None
        self._generation = 0
        self._hits: dict[str, SearchResult] = {}
        self.found: Found | None = None  # the last answer shown (for tests)

    def compose(self) -> ComposeResult:
        with Vertical(id="corpus-box"):
            yield Static(
                'Search every document: words, "a phrase", prefix*, -leave-out, a OR b '
                "(the word being typed matches as a prefix); accents and case are ignored. "
                "enter opens the document at the sentence, escape closes.",
                id="corpus-help",
            )
            yield Input(value=self._query, placeholder="Search the corpus…", id="corpus-query")
            yield Static("", id="corpus-status")
            yield OptionList(id="corpus-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self._query:
            self._search_now()

    @on(Input.Changed, "#corpus-query")
    def _changed(self, event: Input.Changed) -> None:
        self._query = event.value
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._search_now)

    @on(Input.Submitted, "#corpus-query")
    def _submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = 0
            results.action_select()

    def _search_now(self) -> None:
        self._generation += 1
        if not self._query.strip():
            self._show(None, self._generation)
            return
        self._status("Searching…")
        self._run_search(self._query, self._generation)

    @work(thread=True, exclusive=True, group="corpus-search", name="corpus search")
    def _run_search(self, query: str, generation: int) -> None:
        found = search(query, self._documents, self._index, typing=True)
        self.app.call_from_thread(self._show, found, generation)

    def _status(self, message: str) -> None:
        self.query_one("#corpus-status", Static).update(Text(message))

    def _show(self, found: Found | None, generation: int) -> None:
        if generation != self._generation:
            return  # an older search, finished after a newer one started
        self.found = found
        results = self.query_one(OptionList)
        results.clear_options()
        self._hits.clear()
        if found is None:
            self._status("")
            return
        if found.problem is not None:
            self._status(found.problem)
            return
        options: list[Option] = []
        for number, result in enumerate(found.results):
            for k, hit in enumerate(result.hits):
                key = f"r{number}-{k}"
                self._hits[key] = (result.path, hit)
                options.append(Option(_prompt(result, hit, first=k == 0), id=key))
        results.add_options(options)
        shown = len(found.results)
        if not found.total:
            message = "No document matches."
        elif found.total > shown:
            message = f"{found.total:,} documents match; the best {shown} are listed."
        else:
            matches = "document matches" if found.total == 1 else "documents match"
            message = f"{found.total:,} {matches}."
        if self._loading:
            message += " (The corpus is still being read: some documents are not searched yet.)"
        self._status(message)

    @on(OptionList.OptionSelected, "#corpus-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        chosen = self._hits.get(event.option.id or "")
        if chosen is not None:
            self.dismiss(chosen)

    def action_to_results(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count and not results.has_focus:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    def action_cancel(self) -> None:
        self.dismiss(None)


def _prompt(result: object, hit: Hit, *, first: bool) -> Text:
    """One option: the document's line (for its first hit) and the sentence, with the
    matched words highlighted. Plain Text: nothing in it is markup."""
    from reader.corpus.search import Result

    assert isinstance(result, Result)
    text = Text()
    if first:
        language = result.language or (
            f"other ({result.other_language}?)" if result.other_language else "?"
        )
        plural = "sentence" if result.matches == 1 else "sentences"
        text.append(result.title, style="bold")
        text.append(f"  {language} · {result.matches} {plural} · {result.path.name}", "dim")
        text.append("\n")
    snippet, spans = hit.snippet(SNIPPET)
    text.append(f"  #{hit.sentence} ", style="dim")
    offset = len(text)
    text.append(snippet)
    for start, end in spans:
        text.stylize("bold reverse", offset + start, offset + end)
    return text


def place_at_hit(article: ArticleView, document: Document, hit: Hit) -> str:
    """Scroll ``article`` (showing ``document``) to the sentence of ``hit`` and search
    it for the first matched word there, so n/N walk on. Returns that word ("" when
    the hit has none)."""
    sentence = document.sentences[hit.sentence]
    blocks = article.blocks
    block = next((i for i, b in enumerate(blocks) if b.paragraph == sentence.paragraph), None)
    if block is not None:
        article.scroll_to(y=article.line_at_block(block), animate=False, immediate=True)
    if not hit.spans:
        return ""
    start, end = hit.spans[0]
    term = hit.text[start:end]
    article.set_query(term, jump=False)
    matches = article.matches
    want = next((i for i, m in enumerate(matches) if m.block == block), None)
    if want is not None:
        for _ in range(len(matches)):  # walk to it with the article's own n
            if article.current_match == want:
                break
            article.action_next_match()
    return term
