"""The diff view: documents side by side, rows aligned across languages.

``DiffScreen(documents, scorer="auto")`` compares the documents (the first is the pivot)
in a worker thread, then shows a :class:`~reader.tui.widgets.diff_table.DiffTable`
with an overview strip, a summary line, the engine's notes, and, on ``enter``/``w``, why
the selected row was flagged. ``n``/``N`` jump between differences; ``c`` hides the rows that
match; ``d``, ``escape`` or ``q`` closes the view (``escape``/``q`` close the why
panel first).

Progressive: when the default scorer reports that it has at least
:data:`PROVISIONAL_CHARS` characters to embed (its vectors are not cached yet: the first
diff of these documents), the lexical scorer's comparison (no model, seconds) is
computed alongside (the model's C code leaves the interpreter free) and shown meanwhile,
marked provisional, with the share of the embedding done ("refining with embeddings… N %");
the final comparison then replaces it in place, keeping the cursor row and the scroll.
``provisional`` tells which one is on screen.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import LoadingIndicator, Static
from textual.worker import Worker, get_current_worker

from reader.compare.model import Comparison
from reader.corpus.model import Document
from reader.corpus.safe import neutralise
from reader.tui.comparisons import COMPARISONS, ComparisonKey, comparison_key
from reader.tui.widgets.diff_overview import DiffOverview
from reader.tui.widgets.diff_panels import (
    explain_renderable,
    notes_renderable,
    summary_renderable,
)
from reader.tui.widgets.diff_table import THREAD_ROWS, DiffTable
from reader.tui.widgets.footer import QuietFooter
from reader.view.comparison import doc_labels
from reader.view.diff_rows import Layout, PreparedComparison, compute_layout, prepare_comparison

# Characters still to embed (about 0.5 ms each on 2 cores) above which a lexical stand-in
# is shown meanwhile; with the vectors cached nothing is embedded and none is computed.
PROVISIONAL_CHARS = 2000


class DiffScreen(Screen[None]):
    """Compare ``documents`` (pivot first) side by side."""

    DEFAULT_CSS = """
    DiffScreen {
        layout: vertical;
        #diff-title { height: 1; padding: 0 1; background: $panel; color: $text; }
        #diff-summary { height: auto; max-height: 3; padding: 0 1; }
        #diff-notes { height: auto; max-height: 2; padding: 0 1; color: $warning; }
        #diff-notes.-empty { display: none; }
        #diff-status { height: auto; padding: 0 1; color: $text-muted; }
        #diff-status.-hidden { display: none; }
        #diff-loading { height: 3; }
        #diff-loading.-hidden { display: none; }
        #diff-body { height: 1fr; }
        #diff-explain {
            height: auto;
            max-height: 45%;
            padding: 0 1;
            border-top: solid $primary;
            background: $panel;
            display: none;
        }
        &.-explain #diff-explain { display: block; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "close", "Close diff"),
        # q goes back one level, as in less and newsboat (ctrl+q quits from anywhere)
        Binding("escape,q", "back", "Back", show=False),
        Binding("n", "next_difference", "Next diff"),
        Binding("N", "previous_difference", "Prev diff"),
        Binding("enter,w", "explain", "Why?"),
        Binding("m", "go_moved", "Go to moved", show=False),
        Binding("c", "changes_only", "Changes only"),
        # Keys of the article screen that mean nothing here: keep them out of the footer.
        Binding("slash,ctrl+f,ctrl+b,y", "unavailable", show=False),
    ]

    def __init__(
        self,
        documents: Sequence[Document],
        scorer: str = "auto",
        *,
        comparison: Comparison | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.documents: tuple[Document, ...] = tuple(documents)
        self.scorer = scorer
        self.comparison: Comparison | None = comparison
        self.error: str | None = None
        self._started = 0.0
        self._ticker: Timer | None = None
        self._table: DiffTable | None = None
        self.provisional = False  # the comparison shown is the lexical stand-in
        self._refined: tuple[int, int] | None = None  # characters embedded, to embed
        self._key: ComparisonKey | None = None  # of the comparison being computed

    # -- composition ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._title_text(), id="diff-title", markup=False)
        yield Static("", id="diff-summary", markup=False)
        yield Static("", id="diff-notes", markup=False, classes="-empty")
        yield Static("", id="diff-status", markup=False, classes="-hidden")
        yield LoadingIndicator(id="diff-loading", classes="-hidden")
        with Horizontal(id="diff-body"):
            yield DiffTable(id="diff-table")
            yield DiffOverview(id="diff-overview")
        yield Static("", id="diff-explain", markup=False)
        yield QuietFooter()

    def _title_text(self) -> Text:
        labels = doc_labels(self.documents)
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append("Compare ", style="bold")
        out.append(" | ".join(labels), style="bold")
        if self.documents:
            out.append(" · pivot ", style="dim")
            out.append(labels[0])
        scorer = self.comparison.scorer if self.comparison is not None else self.scorer
        out.append(" · scorer ", style="dim")
        out.append(neutralise(scorer))
        if self.provisional:
            out.append(" (provisional)", style="dim")
        return out

    @property
    def table(self) -> DiffTable:
        return self.query_one("#diff-table", DiffTable)

    def on_mount(self) -> None:
        self._table = self.table
        usable = [d for d in self.documents if d.ok and d.supported]
        if self.comparison is not None:
            self._show(self.comparison)
        elif len(usable) < 2:
            self._fail(
                "Nothing to compare: this view needs at least two readable documents. "
                "Use the command palette (“Compare documents…”) to choose them."
                if len(self.documents) < 2
                else "Some of these documents could not be read, so they cannot be compared."
            )
        else:
            key = comparison_key(self.documents, self.scorer)
            found = COMPARISONS.get(key)
            if found is not None:
                self._show(found)
            else:
                self._started = time.monotonic()
                self._set_status(self._progress_message())
                # Only show a spinner when the work takes more than a moment, then say
                # how long it has been running.
                self.set_timer(0.3, self._reveal_spinner)
                self._ticker = self.set_interval(1.0, self._tick)
                self._key = key
                self._align(key)
        self.table.focus()

    def _progress_message(self) -> str:
        sentences = " + ".join(str(len(d.sentences)) for d in self.documents)
        message = (
            f"Aligning {' ↔ '.join(doc_labels(self.documents))} "
            f"({sentences} sentences, scorer {self.scorer})…"
        )
        elapsed = int(time.monotonic() - self._started) if self._started else 0
        if elapsed >= 1:
            message += f" {elapsed} s"
            if elapsed >= 5 and self.scorer in ("auto", "embeddings"):
                message += " (the first use of the embeddings model takes longest)"
        return message

    def _refining_message(self) -> str:
        done, total = self._refined or (0, 0)
        percent = int(100 * done / total) if total else 0
        return f"Provisional result (lexical scorer) · refining with embeddings… {percent} %"

    def _refining(self, done: int, total: int) -> None:
        first = self._refined is None
        self._refined = (done, total)
        if (
            first
            and total - done >= PROVISIONAL_CHARS
            and self.comparison is None
            and self._key is not None
            and self.scorer != "lexical"
        ):
            self._provisional(self._key)
        if self.provisional:
            self._set_status(self._refining_message())

    def _tick(self) -> None:
        if self.provisional:
            self._set_status(self._refining_message())
        elif self.comparison is None and self.error is None:
            self._set_status(self._progress_message())
        elif self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def _reveal_spinner(self) -> None:
        if self.comparison is None and self.error is None:
            self.query_one("#diff-loading").remove_class("-hidden")

    def _set_status(self, message: str) -> None:
        status = self.query_one("#diff-status", Static)
        status.update(Text(neutralise(message)))
        status.set_class(not message, "-hidden")

    @work(thread=True, exclusive=True, group="diff-align", description="align documents")
    def _align(self, key: ComparisonKey) -> None:
        worker = get_current_worker()
        from reader.compare.cancel import Cancelled, cancellable
        from reader.compare.progress import reporting

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._refining, done, total)

        # The app may be comparing these documents already (ahead of ``d``): wait for
        # that work, with its progress, rather than doing it twice.
        joined = COMPARISONS.join(key, progress=progress, cancelled=lambda: worker.is_cancelled)
        if worker.is_cancelled:
            return
        if joined is not None:
            self._prepare(joined, worker)
            return
        pending = COMPARISONS.begin(key)
        try:
            from reader.compare import compare

            # Leaving the view (or quitting) cancels the worker: the engine then stops
            # at its next checkpoint instead of running on in the background.
            with cancellable(lambda: worker.is_cancelled), reporting(progress):
                comparison: Comparison = compare(self.documents, scorer=self.scorer)
        except Cancelled:
            return
        except Exception as error:  # noqa: BLE001 - any engine failure is shown, not raised
            message = f"Could not compare these documents: {type(error).__name__}: {error}"
            if not worker.is_cancelled:
                self.app.call_from_thread(self._fail, message)
            return
        else:
            COMPARISONS.put(key, comparison)
        finally:
            if pending is not None:
                COMPARISONS.end(key, pending)
        if not worker.is_cancelled:
            self._prepare(comparison, worker)

    @work(thread=True, exclusive=True, group="diff-provisional", description="lexical stand-in")
    def _provisional(self, key: ComparisonKey) -> None:
        """In a worker, while the final comparison embeds: compare with the lexical scorer
        and show that until the final one is ready."""
        worker = get_current_worker()
        if worker.is_cancelled or self.comparison is not None or self.error is not None:
            return
        from reader.compare.cancel import Cancelled, cancellable

        lexical_key = (key[0], "lexical")
        found = COMPARISONS.get(lexical_key)
        try:
            from reader.compare import compare

            if found is None:
                with cancellable(lambda: worker.is_cancelled or self.comparison is not None):
                    found = compare(self.documents, scorer="lexical")
                COMPARISONS.put(lexical_key, found)
        except Cancelled:
            return
        except Exception:  # noqa: BLE001 - only a stand-in: the final comparison is awaited
            return
        prepared, layout = self._laid_out(found)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_provisional, prepared, layout)

    def _show_provisional(self, prepared: PreparedComparison, layout: Layout | None) -> None:
        if not self.is_attached or self.comparison is not None or self.error is not None:
            return  # closed, or the final comparison came first
        self.provisional = True
        self._show(prepared, layout)

    def _prepare(self, comparison: Comparison, worker: Worker[None]) -> None:
        """In a worker: neutralise, index and wrap, then hand over to the UI thread."""
        prepared, layout = self._laid_out(comparison)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, prepared, layout)

    def _laid_out(self, comparison: Comparison) -> tuple[PreparedComparison, Layout | None]:
        """``comparison`` neutralised, indexed and wrapped to the table's width (``None``
        layout while the width is unknown); safe off the UI thread."""
        prepared = prepare_comparison(comparison, polite=True)
        width = self._table.content_width() if self._table is not None else 0
        layout = compute_layout(prepared, width, polite=True) if width > 0 else None
        return prepared, layout

    def _fail(self, message: str) -> None:
        if not self.is_attached:  # closed while the worker ran
            return
        self.error = message
        self.query_one("#diff-loading").add_class("-hidden")
        self._set_status(message)

    @work(thread=True, exclusive=True, group="diff-layout", description="lay out a comparison")
    def _prepare_in_thread(self, comparison: Comparison) -> None:
        self._prepare(comparison, get_current_worker())

    def _show(
        self, comparison: Comparison | PreparedComparison, layout: Layout | None = None
    ) -> None:
        if not self.is_attached:  # closed while the worker ran
            return
        if isinstance(comparison, Comparison) and len(comparison.rows) > THREAD_ROWS:
            # Neutralising and wrapping thousands of cells takes a moment: off the UI
            # thread, like the alignment itself.
            self._set_status(f"Laying out {len(comparison.rows)} rows…")
            self._prepare_in_thread(comparison)
            return
        prepared = comparison if isinstance(comparison, PreparedComparison) else None
        comparison = prepared.comparison if prepared is not None else comparison
        assert isinstance(comparison, Comparison)
        replacing = self.comparison is not None  # the final result after a provisional one
        if replacing and self.comparison is not comparison:
            self.provisional = False
        self.comparison = comparison
        self.query_one("#diff-loading").add_class("-hidden")
        self._set_status(
            self._refining_message()
            if self.provisional
            else self._changes_status()
            if comparison.rows
            else "These documents have no text to compare."
        )
        self.query_one("#diff-title", Static).update(self._title_text())
        self.query_one("#diff-summary", Static).update(summary_renderable(comparison))
        notes = self.query_one("#diff-notes", Static)
        notes.update(notes_renderable(comparison.notes))
        notes.set_class(not comparison.notes, "-empty")
        table = self.table
        table.set_comparison(
            prepared if prepared is not None else comparison, layout, keep_position=replacing
        )
        overview = self.query_one(DiffOverview)
        overview.set_markers(table.markers)
        overview.set_view(table.visible_rows(), table.cursor)
        self._update_explain()

    # -- events -----------------------------------------------------------------------

    @on(DiffTable.CursorMoved)
    def _cursor_moved(self, event: DiffTable.CursorMoved) -> None:
        self.query_one(DiffOverview).set_view(event.table.visible_rows(), event.row)
        self._update_explain()

    @on(DiffTable.Scrolled)
    def _scrolled(self, event: DiffTable.Scrolled) -> None:
        self.query_one(DiffOverview).set_view(event.table.visible_rows(), event.table.cursor)

    @on(DiffOverview.Jump)
    def _jump(self, event: DiffOverview.Jump) -> None:
        self.table.jump_to(event.row)
        self.table.focus()

    def _update_explain(self) -> None:
        if self.comparison is None or not self.has_class("-explain"):
            return
        # One part per document, fitted to the panel: at most 45% of the screen (the
        # CSS max-height, less its rule), so the table keeps the row it explains in view
        # (DiffTable keeps the cursor visible when the panel takes its room).
        width = max(8, self.size.width - 2)  # the panel's padding
        room = max(len(self.documents) + 1, int(self.size.height * 0.45) - 1)
        self.query_one("#diff-explain", Static).update(
            explain_renderable(
                self.comparison,
                self.table.cursor,
                width=width,
                max_lines=room,
                console=self.app.console,
            )
        )

    # -- actions ----------------------------------------------------------------------

    def action_close(self) -> None:
        self.workers.cancel_group(self, "diff-align")
        self.dismiss(None)

    def on_unmount(self) -> None:
        # However the view goes away (closed, replaced, the app quitting), its
        # alignment is no longer wanted.
        self.workers.cancel_node(self)

    def action_back(self) -> None:
        if self.has_class("-explain"):
            self.remove_class("-explain")
        else:
            self.action_close()

    def _jump_difference(self, step: int) -> None:
        if self.comparison is None:
            return
        row = self.table.next_difference(step)
        if row is None:
            where = "after" if step > 0 else "before"
            self.notify(f"No difference {where} this row.", timeout=2)
            return
        self.table.jump_to(row)

    def action_next_difference(self) -> None:
        self._jump_difference(1)

    def action_previous_difference(self) -> None:
        self._jump_difference(-1)

    def action_explain(self) -> None:
        if self.comparison is None:
            return
        self.toggle_class("-explain")
        self._update_explain()

    def action_changes_only(self) -> None:
        """Hide the rows that match (and boilerplate), or show them again."""
        if self.comparison is None:
            return
        table = self.table
        table.set_changes_only(not table.changes_only)
        self._set_status(self._changes_status())
        self._update_explain()

    def _changes_status(self) -> str:
        table = self.table
        if not table.changes_only:
            return ""
        hidden = table.hidden_count
        rows = "row" if hidden == 1 else "rows"
        return f"Changes only: {hidden} matching or boilerplate {rows} hidden · c shows all"

    def action_unavailable(self) -> None:
        self.notify("Not available in the diff view (d or escape goes back).", timeout=2)

    def action_go_moved(self) -> None:
        row = self.table.selected_row
        if row is not None and row.moved_from is not None:
            self.table.jump_to(row.moved_from)
