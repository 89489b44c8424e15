"""The reader's terminal UI: a sidebar of documents and an article pane.

The app composes the screen, binds the keys and runs the actions. The corpus — files
listed, documents read, languages detected, grouping by story and version, and the
look-ups over them — is its :class:`~reader.tui.session.CorpusSession`, which works in
threads and posts messages that the app handles here (``CorpusSession.Loaded``, …).
The first paint never waits: paths are listed at mount, documents loaded in a thread
worker, languages detected afterwards, then documents grouped. Heavy modules (the corpus
loader, the comparison engine, the diff screen) are imported inside the workers and
actions that need them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label

if TYPE_CHECKING:
    from reader.corpus.search import Hit
    from reader.tui.comparisons import Ahead
    from reader.tui.prefetch import Prefetch

from reader.corpus import DEFAULT_LANGUAGES
from reader.corpus.model import Document
from reader.corpus.safe import neutralise
from reader.tui.commands import DocumentCommands
from reader.tui.session import CorpusSession
from reader.tui.state import Persistence
from reader.tui.widgets.article import READING_WIDTH, ArticleView
from reader.tui.widgets.doclist import DocList
from reader.tui.widgets.footer import QuietFooter
from reader.tui.widgets.titlebar import TitleBar
from reader.view.listing import Slot, build_rows

PROGRESS_DELAY = 0.3  # seconds of loading before the progress bar shows
PENDING_OPEN = -1  # a diff asked for before any document was open: the one that opens
EXIT_GRACE = 0.5  # seconds background threads get to stop after the app has quit
DIFF_SCORER = "auto"  # the scorer of the diff `d` opens
# The open document is compared with its versions in the background once it has been
# open AHEAD_DELAY seconds (not while the user pages through the list), if its versions
# hold at most AHEAD_SENTENCES sentences in all (a news article, not a book: a cold
# comparison of that much text takes a few seconds of both cores).
AHEAD_DELAY = 0.4
AHEAD_SENTENCES = 800
AHEAD_ENV = "READER_COMPARE_AHEAD"  # "off" (or "0"): compare only when `d` asks


class FilterInput(Input):
    """Filters the sidebar as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.close_filter", "Clear filter", show=False),
        Binding("down", "app.focus_list", "To the list", show=False),
    ]


class SearchInput(Input):
    """Searches the open article as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.close_search", "Clear search", show=False),
    ]


class ReaderApp(App[None]):
    """Read a corpus of articles; compare the language versions of one article."""

    CSS_PATH = "app.tcss"
    TITLE = "reader"
    AUTO_FOCUS = "#doclist"  # (the default, the first focusable widget, is the filter box)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-medium"), (120, "-wide")]
    COMMANDS = App.COMMANDS | {DocumentCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("tab", "switch_focus", "Sidebar ⇄ article", show=False, priority=True),
        Binding("slash", "search", "Search"),
        Binding("ctrl+f", "filter", "Filter"),
        Binding("ctrl+b", "toggle_sidebar", "Sidebar"),
        Binding("d", "diff", "Diff"),
        Binding("o", "open_url", "Open URL", show=False),
        Binding("F", "corpus_search", "Search the corpus", show=False),
        Binding("question_mark,f1", "help", "Help"),
        # the palette's keys panel ("Keys") closes with escape, whatever has the focus
        Binding("escape", "hide_help_panel", "Close the keys panel", show=False, priority=True),
    ]

    show_sidebar: reactive[bool] = reactive(True, init=False, always_update=True)

    def __init__(
        self,
        paths: Sequence[Path] | None = None,
        *,
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        state_dir: Path | None = None,
        config_dir: Path | None = None,
        library: Path | None = None,
        prefetch: Prefetch | None = None,
    ) -> None:
        super().__init__()
        self._library = library  # where fetched pages go (None: the XDG library)
        self.fetching = 0  # fetches running
        self._entry_slots: dict[tuple[str, int], int] = {}  # (feed id, entry) → slot
        # the corpus: files, documents, grouping (it posts CorpusSession.* messages)
        self.session = CorpusSession(
            self, [Path(p) for p in paths] if paths else [], languages, prefetch=prefetch
        )
        self._state_dir = state_dir
        self._inputs_mounted = False
        self._persistence = Persistence.create(
            state_dir_override=state_dir, config_dir_override=config_dir
        )
        self.open_index: int | None = None
        self._filter = ""
        self._user_opened = False
        # `d` pressed while the versions were still being found: the document to diff
        # as soon as grouping ends (never silently dropped)
        self._pending_diff: int | None = None
        self._warming: threading.Thread | None = None  # the engine's warm-up (once)
        self._ahead: Ahead | None = None  # the comparison ahead of `d`, once warm
        self._ahead_timer: Timer | None = None
        self._remembered_path, _ = self._persistence.last_document()
        self._progress_timer: Timer | None = None
        self._remember_lock = threading.Lock()
        self._remember_pending: tuple[Path, str] | None = None
        theme = self._persistence.theme()
        if theme and theme in self.available_themes:
            self.theme = theme

    # --- the corpus (its session's state, read-only here) ----------------------------

    @property
    def slots(self) -> list[Slot]:
        """One per file, in the sidebar's order (the session's)."""
        return self.session.slots

    @property
    def story(self) -> dict[str, str]:
        return self.session.story

    @property
    def version_group(self) -> dict[str, str]:
        return self.session.version_group

    @property
    def linked(self) -> frozenset[str]:
        return self.session.linked

    @property
    def loading(self) -> bool:
        return self.session.loading

    @property
    def grouping(self) -> bool:
        return self.session.grouping

    # --- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                # the filter box is mounted after the first frame (see _mount_inputs)
                yield DocList(id="doclist")
                yield Label("", id="status")
                # the progress bar is mounted only if loading lasts (see _show_progress)
            with Vertical(id="reading"):
                yield ArticleView(id="article")
                # the search bar is mounted after the first frame (see _mount_inputs)
        yield QuietFooter()

    def _mount_inputs(self) -> None:
        """Mount the filter box and the search bar (hidden until ctrl+f or /). Not
        composed: two inputs cost a measurable share of the first frame, which does
        not show them."""
        if self._inputs_mounted:
            return
        self._inputs_mounted = True
        self.query_one("#sidebar").mount(
            FilterInput(placeholder="Filter documents…", id="filter"), before="#doclist"
        )
        bar = Horizontal(id="searchbar")
        self.query_one("#reading").mount(bar)
        # mounted one by one (not as the container's children), so that they can be
        # queried as soon as this returns
        bar.mount(SearchInput(placeholder="Search the article…", id="search"))
        bar.mount(Label("", id="search-count"))

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_first_frame)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.query_one(DocList).focus()
        self.query_one(ArticleView).show_message("reader", "Looking for documents…")
        self._progress_timer = self.set_timer(PROGRESS_DELAY, self._show_progress)
        # Listing files is cheap (no file is opened). The first screenful of small text
        # files is read right away, so that the first frame shows titles; the session's
        # worker reads the rest, then detects languages once the titles are on screen.
        session = self.session
        paths = session.scan()
        if paths is None:
            return  # (CorpusSession.Failed says why)
        # the index's titles and groups first, so that the rows are built once (both
        # come before the first frame)
        session.preview()
        self._show_paths()
        if paths:
            first = session.read_first(self.size.height)
            if first:
                self._show_loaded()
            # the rest is read once the first frame is out: a thread started now would
            # take the interpreter from the first frame
            self.call_after_refresh(session.load, first)

    def _after_first_frame(self) -> None:
        """The first frame is on screen: resume the garbage collector that the command
        paused for start-up (``reader.cli``), first moving what start-up made (modules,
        the stylesheet, the widgets) out of its reach, since it lives as long as the
        app; then mount what the first frame did not need."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        self._mount_inputs()

    # --- the corpus session's messages -----------------------------------------------

    def _show_paths(self) -> None:
        """The files are listed (not read yet)."""
        self._rebuild_rows()
        if not self.slots:
            shown = ", ".join(str(p) for p in self.session.inputs) or "the bundled seeds"
            self.query_one(ArticleView).show_message(
                "No documents", neutralise(f"No files were found in {shown}.")
            )
            self._hide_progress()
        else:
            self.query_one(ArticleView).show_message(
                "reader", f"Loading {len(self.slots):,} files…"
            )
        self._update_progress()

    @on(CorpusSession.Failed)
    def _load_failed(self, event: CorpusSession.Failed) -> None:
        self._hide_progress()
        self.query_one(ArticleView).show_message("Cannot read the corpus", neutralise(event.reason))

    @on(CorpusSession.Loaded)
    def _loaded(self, event: CorpusSession.Loaded) -> None:
        self._show_loaded(event.previews)

    def _show_loaded(self, previews: frozenset[int] = frozenset()) -> None:
        """Documents were read (``previews``: the slots that held placeholders)."""
        self._update_progress()
        self._set_status(f"Loading {self.session.loaded:,} / {len(self.slots):,}…")
        self._rebuild_rows()
        if self.open_index in previews and self.query_one(ArticleView).document is None:
            self.open_document(self.open_index, remember=False)  # opened while a placeholder
        self._open_initial()

    @on(CorpusSession.Detecting)
    def _detecting(self) -> None:
        self._set_status("Detecting languages…")

    @on(CorpusSession.Detected)
    def _detected(self, event: CorpusSession.Detected) -> None:
        if self.open_index is not None and 0 <= self.open_index - event.start < event.count:
            self._refresh_open_document()
        self._rebuild_rows()

    @on(CorpusSession.Notice)
    def _notice(self, event: CorpusSession.Notice) -> None:
        self.notify(event.text, severity="warning", markup=False)

    @on(CorpusSession.Finished)
    def _finish_loading(self) -> None:
        self._hide_progress()
        self._rebuild_rows()
        self._open_initial()
        self._regroup()
        self._warm_engine()

    def _regroup(self) -> None:
        """Group the documents by story and version again (in the session's thread)."""
        if self.session.regroup():
            self._set_status("Grouping by story…")
        elif self._pending_diff is not None:
            self._open_pending_diff()  # nothing to group: say why there is no diff

    @on(CorpusSession.Grouped)
    def _grouped(self) -> None:
        self._set_status("")
        self._rebuild_rows()
        if self._pending_diff is not None:
            self._open_pending_diff()
        else:
            self._compare_ahead()

    @on(CorpusSession.GroupingFailed)
    def _grouping_failed(self, event: CorpusSession.GroupingFailed) -> None:
        self._set_status("")
        self.notify(event.reason, severity="warning", markup=False)
        if self._pending_diff is not None:
            self._pending_diff = None
            self.notify(
                "The diff asked for could not open: the versions are unknown. "
                "Use ctrl+p → Compare documents… to pick them.",
                severity="warning",
            )

    @property
    def warming(self) -> bool:
        """True while the engine's warm-up thread runs (see :meth:`_warm_engine`)."""
        return self._warming is not None and self._warming.is_alive()

    def _warm_engine(self) -> None:
        """Import the comparison engine and load its word lists and model in a daemon
        thread (once), now that the titles are on screen: the first ``d`` then waits
        for the comparison only (``benchmarks/first_diff.py``, "app s")."""
        if self._warming is not None:
            return
        languages = sorted(
            {s.document.language for s in self.slots if s.document and s.document.language}
        )

        def warm() -> None:
            from reader.compare.warmup import warm_up

            with contextlib.suppress(Exception):  # an extra: the diff loads what it needs
                warm_up(languages or None, stop=lambda: not self.is_running)
            with contextlib.suppress(Exception):  # the app may have closed meanwhile
                self.call_from_thread(self._compare_ahead)

        self._warming = threading.Thread(target=warm, name="reader-warm-up", daemon=True)
        self._warming.start()

    def _compare_ahead(self) -> None:
        """Compare the open document with its versions in the background, so that ``d``
        finds the comparison ready (:class:`reader.tui.comparisons.Ahead`). Only once the
        engine is warm and the versions are known, for documents of at most
        :data:`AHEAD_SENTENCES` sentences in all, with the scorer ``d`` uses, and unless
        ``READER_COMPARE_AHEAD=off``."""
        self._ahead_timer = None
        if os.environ.get(AHEAD_ENV, "").lower() in ("off", "0"):
            return
        if self._warming is None or self.warming or self.busy or not self.is_running:
            return  # called again when the warm-up or the grouping ends
        documents = (
            self.versions_of(self.open_index)
            if self.open_index is not None and self.open_document_object is not None
            else []
        )
        if (
            len(documents) < 2
            or not all(d.ok and d.supported for d in documents)
            or sum(len(d.sentences) for d in documents) > AHEAD_SENTENCES
        ):
            if self._ahead is not None:
                self._ahead.cancel()  # the previous document's, if still running
            return
        from reader.tui.comparisons import COMPARISONS, Ahead

        if self._ahead is None:
            self._ahead = Ahead(COMPARISONS)
        self._ahead.start(documents, DIFF_SCORER, stopped=lambda: not self.is_running)

    def _schedule_ahead(self) -> None:
        """Compare ahead once the document just opened has stayed open a moment."""
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
        self._ahead_timer = self.set_timer(AHEAD_DELAY, self._compare_ahead)

    def _open_initial(self) -> None:
        """Open the remembered document, else the first readable one, once it is loaded."""
        if self._user_opened or self.open_index is not None or not self.slots:
            return
        target: int | None = None
        if self._remembered_path:
            target = self.session.index_of(self._remembered_path)
        if target is None:
            target = next((i for i, s in enumerate(self.slots) if s.status == "ok"), None)
        if target is None:
            if self.loading:
                return  # no readable document yet: wait for more
            target = 0
        if self.slots[target].document is not None and not self.slots[target].preview:
            self.open_document(target, remember=False)
            self.query_one(DocList).select_index(target)

    # --- progress --------------------------------------------------------------------

    def _show_progress(self) -> None:
        """Loading lasts: show a progress bar (not composed up front, so that it costs
        nothing to a start-up that does not need it)."""
        if not self.loading:
            return
        from textual.widgets import ProgressBar

        sidebar = self.query_one("#sidebar")
        if not sidebar.query("#progress"):
            sidebar.mount(ProgressBar(id="progress", show_eta=False))
            self.call_after_refresh(self._update_progress)
        sidebar.add_class("-loading")

    def _update_progress(self) -> None:
        from textual.widgets import ProgressBar

        for bar in self.query("#progress").results(ProgressBar):
            bar.update(total=max(1, len(self.slots)), progress=self.session.loaded)

    def _hide_progress(self) -> None:
        if self._progress_timer is not None:
            self._progress_timer.stop()
        self.query_one("#sidebar").remove_class("-loading")
        self._set_status("")

    def _set_status(self, message: str) -> None:
        label = self.query_one("#status", Label)
        label.update(message)
        label.set_class(bool(message), "-active")

    # --- rows ------------------------------------------------------------------------

    def _rebuild_rows(self) -> None:
        rows = build_rows(
            self.slots,
            needle=self._filter,
            story=self.story,
            version_group=self.version_group,
            linked=self.linked,
        )
        doc_list = self.query_one(DocList)
        doc_list.set_rows(self.slots, rows)
        doc_list.set_open(self.open_index)
        self._fit_sidebar()

    def _fit_sidebar(self, screen_width: int | None = None) -> None:
        """On a wide screen the sidebar grows to its longest title, within the bounds of
        app.tcss (42 to 60 columns), leaving the article its reading width; narrower
        screens keep the stylesheet's fixed widths."""
        sidebar = self.query_one("#sidebar")
        wide = self.HORIZONTAL_BREAKPOINTS[-1][0]  # the "-wide" class of app.tcss
        screen_width = self.size.width if screen_width is None else screen_width
        if screen_width < wide:
            if sidebar.styles.has_rule("width"):
                sidebar.styles.width = None
            return
        # the list's longest row, a cell of margin, its scrollbar and the sidebar's border
        wanted = self.query_one(DocList).widest + 3
        room = screen_width - READING_WIDTH - 2  # the article's scrollbar and margin
        width = max(1, min(wanted, room))
        if sidebar.styles.width is None or sidebar.styles.width.value != width:
            sidebar.styles.width = width

    def on_resize(self, event: events.Resize) -> None:
        self._fit_sidebar(event.size.width)  # (self.size is updated after this handler)

    # --- opening ---------------------------------------------------------------------

    def open_document(
        self, index: int, *, focus_article: bool = False, remember: bool = True
    ) -> None:
        """Show the document ``index`` of the corpus in the article pane."""
        if not 0 <= index < len(self.slots):
            return
        slot = self.slots[index]
        article = self.query_one(ArticleView)
        self.open_index = index
        self._user_opened = self._user_opened or remember
        if slot.document is None or slot.preview:
            article.show_message(slot.title, "Still loading…")
        else:
            article.show_document(slot.document)
            if remember:
                self._remember(Path(os.path.abspath(slot.path)), slot.document.id)
        self.sub_title = slot.title
        self._schedule_ahead()
        self._close_searchbar()
        doc_list = self.query_one(DocList)
        doc_list.set_open(index)
        if focus_article:
            doc_list.select_index(index)
            article.focus()

    # --- remembering the open document (off the UI thread) -------------------------------

    def _remember(self, path: Path, doc_id: str) -> None:
        """Remember the open document for the next run. The state file is read, written
        to a temporary file, fsynced and renamed: 20-100 ms on a busy disk, so a worker
        does it (the latest document wins) and unmounting flushes what is pending."""
        self._remember_pending = (path, doc_id)
        self._write_remembered()

    @work(thread=True, group="remember", description="remember the open document")
    def _write_remembered(self) -> None:
        self._flush_remembered()

    def _flush_remembered(self) -> None:
        with self._remember_lock:
            pending, self._remember_pending = self._remember_pending, None
            if pending is not None:
                self._persistence.remember_document(*pending)

    def on_unmount(self) -> None:
        self._flush_remembered()

    def _refresh_open_document(self) -> None:
        """The open document changed (its language was detected): redraw, keep the place."""
        if self.open_index is None:
            return
        document = self.slots[self.open_index].document
        article = self.query_one(ArticleView)
        if document is None:
            return
        y = article.scroll_offset.y
        query = article.search_query
        article.show_document(document)
        article.scroll_to(y=y, animate=False, immediate=True)
        if query:
            article.set_query(query, jump=False)

    @on(DocList.Opened)
    def _on_doc_opened(self, event: DocList.Opened) -> None:
        if event.item >= 0:
            self.open_feed_entry(event.index, event.item)
            return
        self.open_document(event.index, focus_article=True)

    @property
    def open_document_object(self) -> Document | None:
        if self.open_index is None:
            return None
        return self.slots[self.open_index].document

    # --- sidebar ---------------------------------------------------------------------

    def watch_show_sidebar(self, show: bool) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.set_class(not show, "-hidden")
        sidebar.set_class(show, "-shown-narrow")
        if not show and sidebar.has_focus_within:
            self.query_one(ArticleView).focus()

    def action_toggle_sidebar(self) -> None:
        self.show_sidebar = not self.query_one("#sidebar").display

    def action_filter(self) -> None:
        self._mount_inputs()
        if not self.query_one("#sidebar").display:
            self.show_sidebar = True
        filter_input = self.query_one(FilterInput)
        filter_input.add_class("-active")
        filter_input.focus()

    @on(Input.Changed, "#filter")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self._filter = event.value.strip()
        self._rebuild_rows()

    @on(Input.Submitted, "#filter")
    def _on_filter_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DocList).focus()

    def action_close_filter(self) -> None:
        for filter_input in self.query(FilterInput):
            filter_input.value = ""
            filter_input.remove_class("-active")
        self._filter = ""
        self._rebuild_rows()
        if self.open_index is not None:
            self.query_one(DocList).select_index(self.open_index)
        self.query_one(DocList).focus()

    def action_focus_list(self) -> None:
        self.query_one(DocList).focus()

    # --- focus -----------------------------------------------------------------------

    def action_switch_focus(self) -> None:
        if self.screen is not self.screen_stack[0]:
            self.screen.focus_next()
            return
        article = self.query_one(ArticleView)
        if article.has_focus or not self.show_sidebar:
            if self.show_sidebar:
                self.query_one(DocList).focus()
            else:
                article.focus()
        else:
            article.focus()

    # --- search ----------------------------------------------------------------------

    def action_search(self) -> None:
        self._mount_inputs()
        search = self.query_one(SearchInput)
        self.query_one("#searchbar").add_class("-active")
        search.focus()

    @on(Input.Changed, "#search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        self.query_one(ArticleView).set_query(event.value)

    @on(Input.Submitted, "#search")
    def _on_search_submitted(self, event: Input.Submitted) -> None:
        article = self.query_one(ArticleView)
        if not event.value:
            self._close_searchbar()
        article.focus()

    @on(ArticleView.SearchChanged)
    def _on_search_count(self, event: ArticleView.SearchChanged) -> None:
        if not self._inputs_mounted:
            return
        label = self.query_one("#search-count", Label)
        if not event.query:
            label.update("")
        elif event.total == 0:
            label.update("no match")
        else:
            current = (event.current or 0) + 1
            plural = "match" if event.total == 1 else "matches"
            label.update(f"{current}/{event.total} {plural} · n/N next/prev · esc clears")

    @on(ArticleView.SearchCleared)
    def _on_search_cleared(self) -> None:
        self._close_searchbar()

    def action_close_search(self) -> None:
        self.query_one(ArticleView).action_clear_search()
        self._close_searchbar()
        self.query_one(ArticleView).focus()

    def _close_searchbar(self) -> None:
        if not self._inputs_mounted:
            return  # nothing to close
        search = self.query_one(SearchInput)
        if search.value:
            with search.prevent(Input.Changed):
                search.value = ""
        self.query_one("#searchbar").remove_class("-active")
        self.query_one("#search-count", Label).update("")

    # --- help ------------------------------------------------------------------------

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key, generated from the bindings of the app and its widgets."""
        from reader.tui.screens.diff import DiffScreen
        from reader.tui.screens.help import describe
        from reader.tui.screens.pick import ComparePicker
        from reader.tui.screens.search import CorpusSearch
        from reader.tui.screens.url import UrlPrompt
        from reader.tui.widgets.diff_table import DiffTable

        general: list[BindingType] = [*self.BINDINGS]
        if self.ENABLE_COMMAND_PALETTE:
            general.append(Binding(self.COMMAND_PALETTE_BINDING, "command_palette", "Commands"))
        return [
            describe(self, "Everywhere", general),
            describe(self, "Document list", DocList.BINDINGS),
            describe(self, "Filter box (ctrl+f)", FilterInput.BINDINGS),
            describe(self, "Article", ArticleView.BINDINGS),
            describe(self, "Search box (/)", SearchInput.BINDINGS),
            describe(self, "Diff view (d)", [*DiffScreen.BINDINGS, *DiffTable.BINDINGS]),
            describe(self, "Compare documents (palette)", ComparePicker.BINDINGS),
            describe(self, "Open a URL (o)", UrlPrompt.BINDINGS),
            describe(self, "Corpus search (F)", CorpusSearch.BINDINGS),
            (
                "Mouse",
                [
                    ("click", "open a document in the list"),
                    ("wheel", "scroll the list, the article or the diff"),
                    ("click", "select a diff row; the overview strip jumps there"),
                ],
            ),
        ]

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.help_sections()))

    # --- diff ------------------------------------------------------------------------

    def versions_of(self, index: int) -> list[Document]:
        """The document ``index`` first, then its versions (same version group)."""
        return self.session.versions_of(index)

    def action_diff(self) -> None:
        try:
            from reader.tui.screens.diff import DiffScreen
        except ImportError:
            self.notify("Diff view not available", severity="warning")
            return
        if isinstance(self.screen, DiffScreen):
            self.screen.dismiss()
            return
        if self.open_index is None or self.open_document_object is None:
            if self.busy:
                # pressed before the first document is read: diff it once it is
                self._pending_diff = PENDING_OPEN
                self.notify(
                    "Still reading the documents: the diff opens as soon as the versions "
                    "are found.",
                    timeout=4,
                )
                return
            self.notify("Open a document first", severity="warning")
            return
        if not self.open_document_object.ok:
            self.notify("This file could not be read: nothing to compare", severity="warning")
            return
        documents = self.versions_of(self.open_index)
        if len(documents) < 2:
            if self.busy:
                # The versions are not known yet: open the diff as soon as they are.
                self._pending_diff = self.open_index
                self._set_status("Finding the versions of this document… (d: diff when ready)")
                self.notify(
                    "Still looking for the other versions of this document: "
                    "the diff opens as soon as they are found.",
                    timeout=4,
                )
                return
            self.notify(
                "No other version of this document was found: "
                "use ctrl+p → Compare documents… to pick some",
                severity="warning",
            )
            return
        self._pending_diff = None
        self.push_screen(DiffScreen(documents, scorer=DIFF_SCORER))

    def _open_pending_diff(self) -> None:
        """Grouping ended: open the diff asked for while it ran (if still relevant)."""
        index, self._pending_diff = self._pending_diff, None
        if index == PENDING_OPEN:
            index = self.open_index
        if index is None or index != self.open_index or self.screen is not self.screen_stack[0]:
            return  # the user moved on: another document, or another screen
        self.action_diff()

    @property
    def busy(self) -> bool:
        """Still loading, detecting languages, grouping or fetching."""
        return self.loading or self.grouping or self.fetching > 0

    def action_compare(self) -> None:
        try:
            from reader.tui.screens.pick import ComparePicker
        except ImportError:
            self.notify("Diff view not available", severity="warning")
            return
        documents = self.session.readable()
        if len(documents) < 2:
            self.notify("Comparing needs at least two readable documents", severity="warning")
            return
        first = self.open_document_object
        self.push_screen(ComparePicker(documents, first=first))

    # --- web pages and feeds ---------------------------------------------------------

    def action_open_url(self) -> None:
        from reader.tui.screens.url import UrlPrompt

        if isinstance(self.screen, UrlPrompt):
            return
        self.push_screen(UrlPrompt(), self._on_url_request)

    def _on_url_request(self, request: tuple[str, bool] | None) -> None:
        if request is None:
            return
        address, versions = request
        from reader.net.fetch import FetchError, check_url

        try:
            check_url(address)
        except FetchError as error:
            self.notify(str(error), title="Cannot open", severity="error", markup=False)
            return
        self.fetch_urls([address], versions=versions)

    def fetch_urls(
        self, urls: Sequence[str], *, versions: bool = False, entry: tuple[int, int] | None = None
    ) -> None:
        """Fetch ``urls`` into the library in a worker; they then appear in the sidebar
        and the first one opens. ``entry`` is the feed entry (slot, entry) they come from."""
        self.fetching += 1
        shown = urls[0] if len(urls) == 1 else f"{len(urls)} addresses"
        self._set_status(neutralise(f"Fetching {shown}…"))
        self._fetch_worker(list(urls), versions, entry)

    @work(thread=True, group="fetch", name="fetch pages")
    def _fetch_worker(self, urls: list[str], versions: bool, entry: tuple[int, int] | None) -> None:
        documents: list[Document] = []
        errors: list[str] = []
        try:
            from reader.corpus import load_document
            from reader.net.fetch import Fetched, fetch_versions

            results = fetch_versions(
                urls, versions=versions, languages=self.session.languages, into=self._library
            )
            for result in results:
                if isinstance(result, Fetched):
                    documents.append(load_document(result.path, languages=self.session.languages))
                else:
                    errors.append(str(result))
        except Exception as error:  # a clear message, never a crash
            errors.append(f"{type(error).__name__}: {error}")
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._fetched, documents, errors, entry)

    def _fetched(
        self, documents: list[Document], errors: list[str], entry: tuple[int, int] | None
    ) -> None:
        self.fetching = max(0, self.fetching - 1)
        self._set_status("")
        for message in errors:
            self.notify(message, title="Could not fetch", severity="error", markup=False)
        if entry is not None and not documents and errors:
            self._show_entry(*entry, note="✖ could not fetch the article: " + errors[0])
        if not documents:
            return
        first = self._add_documents(documents)
        if entry is not None:
            feed = self.slots[entry[0]].document
            if feed is not None:
                self._entry_slots[(feed.id, entry[1])] = first
        self.open_document(first, focus_article=True)
        added = len(documents)
        self.notify(
            f"Fetched {added} {'page' if added == 1 else 'pages'} into the library",
            markup=False,
        )

    def _add_documents(self, documents: Sequence[Document]) -> int:
        """Put ``documents`` in the sidebar (replacing a slot of the same file); returns
        the slot of the first. Grouping runs again."""
        first = self.session.add(documents)
        self._rebuild_rows()
        if not self.loading:
            self._regroup()
        return first

    def open_feed_entry(self, index: int, entry: int) -> None:
        """Open entry ``entry`` of the feed in slot ``index``: its article when it was
        fetched already, else fetch it (the entry's summary shows meanwhile)."""
        feed = self.slots[index].document
        if feed is None or feed.feed is None or not 0 <= entry < len(feed.feed):
            return
        known = self._entry_slots.get((feed.id, entry))
        if known is not None and known < len(self.slots):
            self.open_document(known, focus_article=True)
            return
        item = feed.feed[entry]
        if item.link is None:
            self._show_entry(index, entry)
            return
        self._show_entry(index, entry, note=f"fetching the article from {item.link}…")
        self.fetch_urls([item.link], entry=(index, entry))

    def _show_entry(self, index: int, entry: int, note: str | None = None) -> None:
        from reader.corpus.feeds import entry_document

        feed = self.slots[index].document
        if feed is None or feed.feed is None:
            return
        article = self.query_one(ArticleView)
        article.show_document(entry_document(feed, entry, note))
        self.open_index = index
        self.query_one(DocList).set_open(index)
        self.sub_title = neutralise(" ".join(feed.feed[entry].title.split()))

    # --- corpus search ---------------------------------------------------------------

    def action_corpus_search(self) -> None:
        from reader.tui.screens.search import CorpusSearch

        indexed = self.session.indexed
        if isinstance(self.screen, CorpusSearch) or indexed is None:
            return
        self.push_screen(CorpusSearch(indexed.index, self.slots), self._open_search_hit)

    def _open_search_hit(self, hit: tuple[Path, Hit] | None) -> None:
        """Open the document of a corpus-search result at its matching sentence."""
        if hit is None:
            return
        path, found = hit
        index = next((i for i, s in enumerate(self.slots) if s.path == path), None)
        if index is None:
            return
        self.open_document(index, focus_article=True)
        document = self.slots[index].document
        if document is None or self.slots[index].preview:
            return
        if not 0 <= found.sentence < len(document.sentences):
            return
        from reader.tui.screens.search import place_at_hit

        term = place_at_hit(self.query_one(ArticleView), document, found)
        if term:
            search = self.query_one(SearchInput)
            with search.prevent(Input.Changed):
                search.value = term
            self.query_one("#searchbar").add_class("-active")

    # --- command palette -------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Compare documents…", "Pick documents to compare side by side", self.action_compare
        )
        yield SystemCommand(
            "Diff view", "Compare the open document with its versions", self.action_diff
        )
        yield SystemCommand(
            "Toggle sidebar", "Hide or show the document list", self.action_toggle_sidebar
        )
        yield SystemCommand(
            "Open a URL…", "Fetch a web page or a feed into the library", self.action_open_url
        )
        yield SystemCommand("Search the article", "Find text in the article", self.action_search)
        yield SystemCommand(
            "Search the corpus…", "Find text in every document", self.action_corpus_search
        )
        yield SystemCommand("Filter documents", "Filter the sidebar", self.action_filter)
        yield SystemCommand("Help", "Every key of the reader", self.action_help)
        yield from super().get_system_commands(screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hide_help_panel":  # escape means something else when it is not open
            return bool(self.screen.query("HelpPanel"))
        return True

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG screenshot (the palette's "Screenshot") in a folder that exists —
        the pictures folder, else the reader's state folder, created — and say where."""
        from reader.tui.state import screenshot_dir

        folder = Path(path) if path else screenshot_dir(self._state_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(filename, str(folder), time_format)
        except OSError as error:
            self.notify(
                f"Could not save the screenshot in {folder}: {error.strerror or error}",
                title="Screenshot",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Saved {saved}", title="Screenshot", markup=False)
        return saved

    # --- config ----------------------------------------------------------------------

    def _remember_theme(self, theme: object) -> None:
        self._persistence.remember_theme(self.theme)


def run_app(app: ReaderApp) -> int:
    """Run ``app`` in this terminal and return its exit status, promptly.

    Textual runs thread workers in asyncio's default executor, which ``asyncio.run`` and
    the interpreter join at exit: a comparison inside a call to the embeddings model (C
    code, not interruptible) would keep ``q`` waiting for minutes. So the app runs on a
    loop of its own; once it has returned, the terminal is restored (Textual's driver is
    closed), the workers were cancelled (the engine stops at its next checkpoint) and
    the grouping child process is killed. Threads that still run after
    :data:`EXIT_GRACE` seconds are not waited for: output is flushed and the process
    ends with ``os._exit``.
    """
    import asyncio
    import sys
    import time

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        app.run(loop=loop)
    finally:
        asyncio.set_event_loop(None)
        from reader.compare.grouping import stop_children

        stop_children()
    code = app.return_code if isinstance(app.return_code, int) else 0
    deadline = time.monotonic() + EXIT_GRACE
    for thread in threading.enumerate():
        if thread is threading.current_thread() or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
    me = threading.current_thread()
    if any(t.is_alive() and not t.daemon and t is not me for t in threading.enumerate()):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)
    loop.close()
    return code
