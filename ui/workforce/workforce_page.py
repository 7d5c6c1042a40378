"""Workforce: the optional, anonymous workforce return to a support organisation.

Off by default. The page says what the return is for, whether the member takes part,
and shows the exact bytes of a quarter's return beside what each line means, before
anything is sent (and whether or not they take part). Sending, withdrawing and the
outbox go through the one background Runner: they talk to the organisation's collector.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtCore import Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtGui import QResizeEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import WORKFORCE_STATES
from microbiz.foundations.models import WorkforceOutbox
from microbiz.foundations.models import WorkforceSettings
from microbiz.foundations.models import WorkforceSubmission
from microbiz.workforce.membership import LIVE_STATES
from microbiz.workforce.membership import Quarter
from microbiz.workforce.membership import last_complete_quarter
from microbiz.workforce.membership import outbox
from microbiz.workforce.membership import submissions
from microbiz.workforce.membership import workforce_settings
from microbiz.workforce.returns import ReturnProblem
from microbiz.workforce.returns import build_return
from microbiz.workforce.returns import field_meanings
from microbiz.workforce.returns import return_bytes
from microbiz.workforce.returns import save_return
from microbiz.workforce.sending import Delivery
from microbiz.workforce.sending import send_outbox
from microbiz.workforce.sending import submit
from microbiz.workforce.sending import withdraw
from microbiz.workforce.sending import withdraw_consent
from microbiz.workforce.sentences import return_sentences
from ui.common import messages
from ui.common.buttons import push_button
from ui.common.buttons import push_buttons
from ui.common.files import documents_folder
from ui.common.files import open_or_warn
from ui.common.forms import buddy
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import scaled_font
from ui.common.looks import show_in_scroll
from ui.common.looks import title
from ui.common.runner import Job
from ui.common.runner import Runner
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall
from ui.workforce.opt_in_dialog import OptInDialog
from ui.workforce.return_preview_model import MEANING
from ui.workforce.return_preview_model import STATE
from ui.workforce.return_preview_model import PreviewModel
from ui.workforce.return_preview_model import ReturnRow
from ui.workforce.return_preview_model import ReturnsModel
from ui.workforce.return_preview_model import quarter_words
from ui.workforce.workforce_answers_dialog import WorkforceAnswersDialog

TITLE = "Workforce"
SUBTITLE = "Optional and anonymous: nothing is sent unless you choose to take part."
EXPLANATION = (
    "Support organisations count self-employed care workers, whom national figures miss. "
    "If you choose to take part, Microbiz sends them a few answers in broad bands, never "
    "your name, your clients or exact figures."
)
NOT_TAKING_PART = "You are not taking part."
NOT_TAKING_PART_MORE = (
    "Nothing is sent. You can still look below at exactly what a return would say, "
    "and save it as a file."
)
PREVIEW_NOTE = (
    "Below is what a return would say for the quarter you choose. Nothing else about you "
    "or your clients leaves this computer."
)
SHOW_EXACT_TIP = "Show or hide the return exactly as it is sent, every character of it"
FILE_FILTER = "Workforce returns (*.json)"
QWIDGETSIZE_MAX = (1 << 24) - 1
QUARTERS_OFFERED = 4
PREVIEW_LINES = 18
RETURNS_ROWS = (1, 6)
RETRY_MILLISECONDS = 60_000
# the meanings table needs this many letters' width beside the text to be readable
TABLE_EM = 50
TIPS = {
    "take_part": "Choose an organisation and agree to send it anonymous returns",
    "stop": "Withdraw every return you sent and stop taking part",
    "answers": "Your answers to the questions in the return, each with Prefer not to say",
    "send": "Send exactly what is shown below to the organisation",
    "save": "Save exactly what is shown below as a file you can email",
    "withdraw": "Ask the organisation to delete this quarter's return",
    "retry": "Try the requests waiting in the outbox now",
}


class FittingLabel(WrappedLabel):
    """Wrapped text whose height follows its width both ways.

    A QLabel's height for a width is never less than its minimum height, so a
    WrappedLabel first laid out narrow keeps the taller height when it widens; this one
    lets go of the old height before it measures.
    """

    def _fit_height(self) -> None:
        self.setMinimumHeight(0)
        self.setMaximumHeight(QWIDGETSIZE_MAX)
        needed = self.heightForWidth(self.width())
        if needed > 0:
            self.setFixedHeight(needed)


def explain(text: str = "", name: str = "") -> FittingLabel:
    """Wrapped explanatory text, read out as `name` (else the text itself)."""
    label = FittingLabel(text)
    label.setAccessibleName(name or text)
    return label


def choose_return_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Ask where to save the return; the path always ends in .json. Tests replace this."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Save your return to email", str(suggested), FILE_FILTER
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".json" else path.with_suffix(".json")


def state_words(settings: WorkforceSettings) -> str:
    """'You are taking part with <organisation> since dd/mm/yyyy (questionnaire version 1).'"""
    if not settings.opted_in:
        return NOT_TAKING_PART
    return (
        f"You are taking part with {settings.organisation_name} since "
        f"{format_date(settings.consent_given_on)} "
        f"(questionnaire version {settings.questionnaire_version})."
    )


def how_words(settings: WorkforceSettings) -> str:
    if not settings.opted_in:
        return NOT_TAKING_PART_MORE
    if settings.send_by == "email":
        return (
            f"You chose to email your returns: save a quarter's return as a file, then "
            f"email it to {settings.organisation_name}. Nothing is sent from here."
        )
    return (
        f"Returns are sent over the internet to {settings.collector_url} when you choose "
        "Send. Nothing is sent until you do."
    )


def quarters_offered(today: date, count: int = QUARTERS_OFFERED) -> list[Quarter]:
    """The last complete quarter, then the ones before it, newest first."""
    found = [last_complete_quarter(today)]
    while len(found) < count:
        found.append(last_complete_quarter(found[-1].first))
    return found


def return_row(submission: WorkforceSubmission, waiting: WorkforceOutbox | None) -> ReturnRow:
    """One quarter's return in words, saying when a request for it is still waiting."""
    state = WORKFORCE_STATES.get(submission.state, submission.state)
    if submission.state == "queued":
        state = "Waiting in the outbox: it will be tried again"
    elif submission.state == "withdrawn" and waiting is not None:
        state = "Withdrawn: the request to delete it is waiting in the outbox"
    elif submission.state == "saved_to_file":
        state = "Saved to a file to email"
    when = format_date(submission.updated_at.date()) if submission.updated_at else ""
    return ReturnRow(submission.period, state, submission.organisation_name, when)


def delivery_words(delivery: Delivery) -> str:
    """What became of one request, in full words for the page."""
    quarter = quarter_words(delivery.period) if delivery.period else "a quarter"
    organisation = delivery.organisation or "the organisation"
    problem = delivery.problem.strip()
    if problem and not problem.endswith("."):
        problem += "."
    if delivery.action == "withdraw":
        if delivery.outcome == "done":
            return f"{organisation} has deleted your return for {quarter}."
        if delivery.outcome == "waiting":
            return (
                f"Your return for {quarter} is withdrawn. {organisation} could not be reached "
                "just now, so the request to delete it is waiting in the outbox and will be "
                "tried again."
            )
        return (
            f"Your return for {quarter} was not deleted: {problem} Please ask {organisation} "
            "to delete it."
        )
    if delivery.outcome == "done":
        return f"Sent your return for {quarter} to {organisation}."
    if delivery.outcome == "waiting":
        return (
            f"Your return for {quarter} is waiting in the outbox. {organisation} could not be "
            "reached just now; Microbiz will try again, or choose “Try sending again”."
        )
    return f"{organisation} did not accept your return for {quarter}: {problem}"


def delivery_brief(delivery: Delivery) -> str:
    """The same in a few words, for the status bar."""
    quarter = quarter_words(delivery.period) if delivery.period else "a quarter"
    brief = {
        ("send", "done"): "was sent",
        ("send", "waiting"): "is waiting in the outbox",
        ("send", "refused"): "was not accepted",
        ("withdraw", "done"): "was deleted",
        ("withdraw", "waiting"): "is withdrawn; the request is waiting in the outbox",
        ("withdraw", "refused"): "was not deleted",
    }.get((delivery.action, delivery.outcome), delivery.outcome)
    return f"Your return for {quarter} {brief}."


class WorkforcePage(QWidget):
    """Taking part or not, the return exactly as it would be sent, and the quarters so far."""

    message = Signal(str)
    work_finished = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] = clock.now,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._job: Job | None = None
        self._failed_title = ""
        self.settings: WorkforceSettings = workforce_settings()
        self.state_line = FittingLabel()
        self.state_line.setFont(scaled_font(self.state_line, 1.1))
        self.how_line = FittingLabel()
        self.buttons = self._make_buttons()
        self.period = QComboBox()
        self.period.setAccessibleName("Quarter")
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.in_words = self._make_words()
        self.show_exact = push_button(
            "Show e&xactly what is sent", "Show exactly what is sent", tip=SHOW_EXACT_TIP
        )
        self.show_exact.setCheckable(True)
        self.json_view = self._make_json_view()
        self.preview_model = PreviewModel(self)
        self.preview_table = self._make_preview_table()
        self.preview_problem = FittingLabel()
        self.preview_problem.setAccessibleName("Preview problem")
        self.preview_problem.hide()
        self.quarter_state = FittingLabel()
        self.returns_model = ReturnsModel(self)
        self.returns_table = read_only_table(self.returns_model, "Your returns so far", STATE)
        self.no_returns = explain("You have not sent or saved a return yet.")
        self.outbox_line = FittingLabel()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Talking to the organisation")
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = FittingLabel()
        self.status.setAccessibleName("What happened")
        self.status.hide()
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(RETRY_MILLISECONDS)
        self._retry_timer.timeout.connect(self.try_outbox_when_due)
        self._scroll = QScrollArea()
        self._views = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._fill_quarters()
        self._lay_out()
        self.period.currentIndexChanged.connect(lambda: self.refresh())
        self.refresh()

    @property
    def first_field(self) -> QWidget:
        if self.settings.opted_in:
            return self.buttons["answers"]
        return self.buttons["take_part"]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.try_outbox_when_due()

    def today(self) -> date:
        return self._clock().date()

    def chosen_period(self) -> str:
        return self.period.currentData() or last_complete_quarter(self.today()).label

    def taking_part(self) -> bool:
        return bool(self.settings.opted_in)

    def is_working(self) -> bool:
        return self._job is not None

    def refresh(self) -> None:
        """Read the settings, the chosen quarter's return and the quarters so far again."""
        self.settings = workforce_settings()
        self._set_text(self.state_line, state_words(self.settings))
        self._set_text(self.how_line, how_words(self.settings))
        self._show_preview()
        waiting = {row.submission_id: row for row in outbox()}
        records = [record for record in submissions() if record.state != "not_sent"]
        self.returns_model.refresh([return_row(r, waiting.get(r.submission_id)) for r in records])
        self._show_quarter_state(records)
        self._show_outbox(len(waiting))
        fewest, most = RETURNS_ROWS
        rows = min(max(len(records), fewest), most)
        self.returns_table.setFixedHeight(rows_tall(self.returns_table, rows))
        self.returns_table.setVisible(bool(records))
        self.no_returns.setVisible(not records)
        self._update_buttons()

    # Actions

    def take_part(self) -> None:
        settings = OptInDialog.ask(self)
        if settings is None:
            return
        self.refresh()
        self._say(f"You are taking part with {settings.organisation_name}. Nothing is sent yet.")

    def edit_answers(self) -> None:
        if WorkforceAnswersDialog.ask(self) is None:
            return
        self.refresh()
        self._say("Saved your answers. The return below shows them.")

    def send(self) -> None:
        if self.is_working() or not self._sends_over_internet():
            return
        period, now = self.chosen_period(), self._clock()
        self._start(
            lambda: submit(period, now=now),
            self._sent,
            f"Sending your return for {quarter_words(period)}…",
            "Return not sent",
        )

    def save_to_file(self) -> None:
        period = self.chosen_period()
        suggested = documents_folder() / f"Workforce return {period}.json"
        path = choose_return_path(self, suggested)
        if path is None:
            return
        try:
            saved = save_return(path, period, self.today())
        except (UserError, OSError) as problem:
            messages.warn(self, "Return not saved", str(problem))
            return
        self.refresh()
        organisation = self.settings.organisation_name
        to = f"email that file to {organisation}" if organisation else "you can email that file"
        self._say(
            f"Saved your return for {quarter_words(period)} as {saved}: {to}.",
            f"Saved your return for {quarter_words(period)} as a file.",
        )
        if messages.confirm(
            self,
            "Return saved",
            f"Saved {saved.name} in {saved.parent}.\n\nOpen the folder?",
            "Open folder",
        ):
            open_or_warn(self, saved.parent, "Folder not opened", f"The return is at {saved}.")

    def withdraw_return(self) -> None:
        record = self._chosen_record()
        if self.is_working() or record is None or record.state not in LIVE_STATES:
            return
        quarter = quarter_words(record.period)
        organisation = record.organisation_name or "the organisation"
        if not messages.confirm(
            self,
            "Withdraw this return?",
            f"Withdraw your return for {quarter}?\n\nMicrobiz asks {organisation} to delete "
            "it. You can send it again later if you change your mind.",
            "Withdraw return",
        ):
            return
        period, now = record.period, self._clock()
        self._start(
            lambda: withdraw(period, now=now),
            self._withdrawn,
            f"Asking {organisation} to delete your return for {quarter}…",
            "Return not withdrawn",
        )

    def stop_taking_part(self) -> None:
        if self.is_working() or not self.taking_part():
            return
        if not messages.confirm(
            self, "Stop taking part?", self._stop_question(), "Stop taking part"
        ):
            return
        now = self._clock()
        self._start(
            lambda: withdraw_consent(now=now),
            self._stopped,
            "Withdrawing your returns and your agreement…",
            "Could not stop taking part",
        )

    def try_again(self) -> None:
        """Try everything in the outbox now, however long it was to wait."""
        if self.is_working():
            return
        now = max([self._clock(), *(row.next_try_at for row in outbox())])
        self._start(
            lambda: send_outbox(now=now),
            self._retried,
            "Trying what is waiting in the outbox…",
            "Could not try again",
        )

    @Slot()
    def try_outbox_when_due(self) -> None:
        """Quietly try what is waiting once its time has come (the outbox's own back-off)."""
        now = self._clock()
        if self.is_working() or not any(row.next_try_at <= now for row in outbox()):
            return
        self._start(lambda: send_outbox(now=now), self._retried, "", "Could not try again")

    # Background work

    def _start(
        self, work: Callable[[], object], done: Callable[[object], None], doing: str, failed: str
    ) -> None:
        job = Job(lambda progress: work())
        self._job = job
        self._failed_title = failed
        for button in self.buttons.values():
            button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        if doing:
            self._say(doing, announce=False)
        job.signals.result.connect(done)
        job.signals.error.connect(self._failed)
        job.signals.finished.connect(self._finished)
        Runner.start(job)

    @Slot(object)
    def _sent(self, delivery: Delivery) -> None:
        self._say(delivery_words(delivery), delivery_brief(delivery))

    @Slot(object)
    def _withdrawn(self, delivery: Delivery) -> None:
        self._say(delivery_words(delivery), delivery_brief(delivery))

    @Slot(object)
    def _stopped(self, results: Sequence[Delivery]) -> None:
        lines = ["You are no longer taking part: nothing more will be sent."]
        lines += [delivery_words(result) for result in results]
        self._say(" ".join(lines), lines[0])
        refused = [delivery_words(r) for r in results if r.outcome == "refused"]
        if refused:
            messages.warn(self, "A return was not deleted", "\n\n".join(refused))

    @Slot(object)
    def _retried(self, results: Sequence[Delivery]) -> None:
        if not results:
            self._say("Nothing was waiting to be sent.")
            return
        self._say(
            " ".join(delivery_words(result) for result in results),
            " ".join(delivery_brief(result) for result in results),
        )
        refused = [delivery_words(r) for r in results if r.outcome == "refused"]
        if refused:
            messages.warn(self, "Not accepted", "\n\n".join(refused))

    @Slot(str)
    def _failed(self, problem: str) -> None:
        self._say(problem)
        messages.warn(self, self._failed_title, problem)

    @Slot()
    def _finished(self) -> None:
        self._job = None
        self.progress.hide()
        self.refresh()
        self.work_finished.emit()

    # Showing

    def _say(self, text: str, brief: str | None = None, announce: bool = True) -> None:
        """`text` in full on the page; `brief` (else the text) in the status bar."""
        self._set_text(self.status, text)
        self.status.show()
        if announce:
            self.message.emit(brief or text)

    @staticmethod
    def _set_text(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setAccessibleName(text)

    def _show_preview(self) -> None:
        period = self.chosen_period()
        try:
            data = build_return(period, self.today())
        except (UserError, ReturnProblem) as problem:
            self.json_view.clear()
            self.in_words.clear()
            self.preview_model.refresh([])
            self._set_text(self.preview_problem, str(problem))
            self.preview_problem.show()
            return
        self.preview_problem.hide()
        text = return_bytes(data).decode("ascii")
        if self.json_view.toPlainText() != text:
            self.json_view.setPlainText(text)
            self._fit_json_width(text)
        sentences = return_sentences(data)
        self.in_words.setText("\n".join(f"• {sentence}" for sentence in sentences))
        self.in_words.setAccessibleDescription(" ".join(sentences))
        self.preview_model.refresh(field_meanings(data))
        self._arrange()

    def _show_quarter_state(self, records: list[WorkforceSubmission]) -> None:
        period = self.chosen_period()
        record = next((r for r in records if r.period == period), None)
        quarter = quarter_words(period)
        if record is None:
            text = f"Your return for {quarter} has not been sent or saved."
        else:
            state = WORKFORCE_STATES.get(record.state, record.state).lower()
            text = f"Your return for {quarter}: {state}."
            if record.state == "saved_to_file" and self.settings.organisation_name:
                text += f" Email the file to {self.settings.organisation_name}."
        self._set_text(self.quarter_state, text)

    def _show_outbox(self, waiting: int) -> None:
        if waiting:
            requests = "1 request is" if waiting == 1 else f"{waiting} requests are"
            self._set_text(
                self.outbox_line,
                f"{requests} waiting in the outbox. Microbiz tries again every so often "
                "while it is open.",
            )
            if not self._retry_timer.isActive():
                self._retry_timer.start()
        else:
            self._retry_timer.stop()
        self.outbox_line.setVisible(bool(waiting))
        self.buttons["retry"].setVisible(bool(waiting))

    def _fit_json_width(self, text: str) -> None:
        """Wide enough for the longest line, so nothing sent is hidden to the side."""
        metrics = self.json_view.fontMetrics()
        longest = max((metrics.horizontalAdvance(line) for line in text.splitlines()), default=0)
        scroll_bar = self.json_view.verticalScrollBar().sizeHint().width()
        margins = 2 * (self.json_view.frameWidth() + self.json_view.document().documentMargin())
        self.json_view.setFixedWidth(round(longest + scroll_bar + margins) + em(self, 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The text and its meanings side by side when both fit, else one above the other."""
        needed = self.json_view.width() + em(self, TABLE_EM) + self._views.spacing()
        roomy = self._scroll.viewport().width() >= needed
        self._views.setDirection(
            QBoxLayout.Direction.LeftToRight if roomy else QBoxLayout.Direction.TopToBottom
        )
        self.preview_table.resizeRowsToContents()

    def _update_buttons(self) -> None:
        taking_part = self.taking_part()
        record = self._chosen_record()
        live = record is not None and record.state in LIVE_STATES
        self.buttons["take_part"].setVisible(not taking_part)
        self.buttons["stop"].setVisible(taking_part)
        self.buttons["send"].setVisible(self._sends_over_internet())
        self.buttons["withdraw"].setVisible(live)
        if record is not None and record.state == "sent":
            self.buttons["send"].setText("&Send this quarter's return again")
            self.buttons["send"].setAccessibleName("Send this quarter's return again")
        else:
            self.buttons["send"].setText("&Send this quarter's return")
            self.buttons["send"].setAccessibleName("Send this quarter's return")
        idle = not self.is_working()
        previewed = self.preview_model.rowCount() > 0
        for key, button in self.buttons.items():
            button.setEnabled(idle and (previewed or key not in ("send", "save")))

    def _sends_over_internet(self) -> bool:
        return self.taking_part() and self.settings.send_by == "post"

    def _chosen_record(self) -> WorkforceSubmission | None:
        period = self.chosen_period()
        return next((r for r in submissions() if r.period == period), None)

    def _stop_question(self) -> str:
        organisation = self.settings.organisation_name
        live = [r for r in submissions() if r.state in LIVE_STATES]
        files = [r for r in submissions() if r.state == "saved_to_file"]
        lines = [f"Stop taking part with {organisation}?"]
        if live:
            quarters = ", ".join(quarter_words(r.period) for r in live)
            lines.append(
                f"Microbiz will withdraw every return you sent ({quarters}) and tell "
                f"{organisation} to delete them."
            )
        else:
            lines.append(
                "You have not sent them a return from here, so there is nothing for them to delete."
            )
        lines.append("Nothing more will be sent. Your answers stay on this computer only.")
        if files:
            lines.append(
                "Returns you saved as a file and emailed yourself cannot be withdrawn from "
                f"here: ask {organisation} to delete them."
            )
        return "\n\n".join(lines)

    # Building

    def _fill_quarters(self) -> None:
        for quarter in quarters_offered(self.today()):
            self.period.addItem(f"{quarter_words(quarter.label)} ({quarter.label})", quarter.label)
        self.period.setCurrentIndex(0)

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "take_part": ("Take &part…", "Take part", self.take_part),
            "stop": ("St&op taking part…", "Stop taking part", self.stop_taking_part),
            "answers": ("Your &answers…", "Your answers", self.edit_answers),
            "send": ("&Send this quarter's return", "Send this quarter's return", self.send),
            "save": ("Save as a &file to email…", "Save as a file to email", self.save_to_file),
            "withdraw": (
                "&Withdraw this quarter's return…",
                "Withdraw this quarter's return",
                self.withdraw_return,
            ),
            "retry": ("&Try sending again", "Try sending again", self.try_again),
        }
        return push_buttons(specs, TIPS)

    def _make_words(self) -> FittingLabel:
        """The return's answers as sentences, one a line; Tab stops on it for screen readers."""
        label = FittingLabel()
        label.setAccessibleName("Your return in words")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return label

    def _make_json_view(self) -> QPlainTextEdit:
        view = QPlainTextEdit()
        view.setReadOnly(True)
        view.setTabChangesFocus(True)
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        view.setAccessibleName("Exactly what would be sent")
        view.setAccessibleDescription("The return's text, as it would be sent or saved")
        lines = view.fontMetrics().lineSpacing() * PREVIEW_LINES
        view.setFixedHeight(lines + 2 * view.frameWidth() + em(view, 1))
        return view

    def _make_preview_table(self):
        table = read_only_table(self.preview_model, "What each line means", MEANING)
        table.setWordWrap(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setFixedHeight(self.json_view.height())
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(title(TITLE))
        top.addSpacing(em(self, 1))
        top.addWidget(explain(SUBTITLE), 1)
        part = QHBoxLayout()
        for key in ("take_part", "stop", "answers"):
            part.addWidget(self.buttons[key])
        part.addStretch()
        chooser = QHBoxLayout()
        chooser.addWidget(buddy("&Quarter", self.period))
        chooser.addWidget(self.period)
        chooser.addStretch()
        self.exact = QWidget()
        self.exact.setLayout(self._views)
        self.exact.hide()
        self.show_exact.toggled.connect(self.exact.setVisible)
        views = self._views
        views.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(buddy("&Exactly what would be sent", self.json_view))
        left.addWidget(self.json_view)
        right = QVBoxLayout()
        right.addWidget(buddy("What each &line means", self.preview_table))
        right.addWidget(self.preview_table)
        views.addLayout(left)
        views.addLayout(right, 1)
        actions = QHBoxLayout()
        for key in ("send", "save", "withdraw"):
            actions.addWidget(self.buttons[key])
        actions.addStretch()
        waiting = QHBoxLayout()
        waiting.addWidget(self.buttons["retry"])
        waiting.addWidget(self.outbox_line, 1)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, em(self, 1), 0)
        body.addWidget(explain(EXPLANATION))
        body.addWidget(self.state_line)
        body.addWidget(self.how_line)
        body.addLayout(part)
        body.addWidget(heading("Your return"))
        body.addWidget(explain(PREVIEW_NOTE))
        body.addLayout(chooser)
        body.addWidget(self.quarter_state)
        body.addLayout(actions)
        body.addLayout(waiting)
        body.addWidget(self.preview_problem)
        body.addWidget(buddy("In plain wor&ds", self.in_words))
        body.addWidget(self.in_words)
        body.addWidget(self.show_exact, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(self.exact)
        history = heading("Your returns so far")
        history.setText("Your &returns so far")
        history.setBuddy(self.returns_table)
        body.addWidget(history)
        body.addWidget(self.returns_table)
        body.addWidget(self.no_returns)
        body.addStretch()
        show_in_scroll(self._scroll, content)
        working = QHBoxLayout()
        working.addWidget(self.progress)
        working.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._scroll, 1)
        layout.addLayout(working)
        chain = [self.buttons[key] for key in ("take_part", "stop", "answers")]
        chain += [self.period]
        chain += [self.buttons[key] for key in ("send", "save", "withdraw", "retry")]
        chain += [self.in_words, self.show_exact, self.json_view, self.preview_table]
        chain += [self.returns_table]
        tab_order(chain)
