"""Add, edit or renew an item of the register: insurance, DBS, training, the ICO fee…

Documents (scans, certificates) are copied into the data folder, so the originals may be
deleted. For an item being added, the files chosen are copied in once it is saved.
"""

from __future__ import annotations

from dataclasses import asdict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QListView
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.compliance.policies import LABELS
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import get_policy
from microbiz.compliance.policies import provider_label
from microbiz.compliance.policies import save_policy
from microbiz.foundations.attachments import attach_document
from microbiz.foundations.attachments import document_path
from microbiz.foundations.attachments import documents_of
from microbiz.foundations.attachments import remove_document
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import Document
from microbiz.foundations.models import Policy
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.buttons import push_buttons
from ui.common.files import choose_file
from ui.common.files import open_or_warn
from ui.common.form_notes import add_with_note
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import read
from ui.common.forms import summary_label
from ui.common.forms import text_edit
from ui.common.keys import tab_order
from ui.common.looks import HEADING_SCALE
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import grow_to_fit
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import scaled_font
from ui.common.mnemonics import Mnemonics
from ui.common.tables import selected_source_row

FIELDS = ("kind", "provider", "reference", "cover", "starts_on", "expires_on", "reminder_days")
SHOWN_LABELS = LABELS | {"cover": "Cover amount (£)"}
PLACEHOLDERS = {
    "provider": "for example Hiscox, or the course name",
    "reference": "policy, certificate or registration number",
    "cover": "for example 5000000",
    "starts_on": "dd/mm/yyyy",
    "expires_on": "dd/mm/yyyy",
    "reminder_days": "30",
}
HINTS = {
    "cover": "The most it pays out, in pounds. Leave blank if it has none.",
    "starts_on": "Day, month and year, like 01/04/2026.",
    "reminder_days": "How many days before it runs out Microbiz reminds you.",
}
NOTES = {"expires_on": "Leave blank if it does not expire."}
DOCUMENTS_NOTE = (
    "Attach a scan or photo of the certificate. Microbiz keeps its own copy, "
    "so you can delete the original afterwards."
)
PENDING = " (attached when you save)"
DOCUMENT_FILTER = (
    "Scans and documents (*.pdf *.jpg *.jpeg *.png *.heic *.doc *.docx);;All files (*)"
)
WIDTH_EM = 52
DOCUMENT_ROWS = 3


def choose_document(parent: QWidget | None) -> Path | None:
    """Ask for a scan or certificate to attach; tests replace this function."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return choose_file(parent, "Attach a document", start, DOCUMENT_FILTER)


def kind_words(kind: str) -> str:
    return POLICY_KINDS.get(kind, kind)


@dataclass(frozen=True)
class Attached:
    """One line of the documents list: a kept document, or a file to attach on saving."""

    document: Document | None = None
    source: Path | None = None

    @property
    def words(self) -> str:
        if self.document is not None:
            return self.document.original_name
        return self.source.name + PENDING


class PolicyDialog(QDialog):
    """One item's details and documents; Save checks them and stays open on problems."""

    def __init__(
        self,
        parent: QWidget | None,
        folder: Path,
        policy_id: int | None = None,
        form: PolicyForm | None = None,
        title: str | None = None,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._policy_id = policy_id
        self._attached: list[Attached] = []
        self.saved: Policy | None = None
        if form is None:
            form = PolicyForm() if policy_id is None else PolicyForm.of(get_policy(policy_id))
        self.setWindowTitle(title or self._default_title(form))
        self._note = note
        self.summary = summary_label()
        form_layout = QFormLayout()
        form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._mnemonics = Mnemonics("scaom")
        self.fields = FormFields(form_layout, self._mnemonics)
        self.documents_model = QStringListModel(self)
        self.documents = QListView()
        self.buttons = self._make_buttons()
        self._lay_out(form_layout)
        self.fields.fill(asdict(form))
        self._show_provider_label()
        self.fields.widgets["kind"].currentIndexChanged.connect(self._show_provider_label)
        self._unchanged = self.form()
        self._refresh_documents()
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        folder: Path,
        policy_id: int | None = None,
        form: PolicyForm | None = None,
        title: str | None = None,
        note: str = "",
    ) -> Policy | None:
        """Open the dialog modally; the saved item, or None if nothing was saved.

        `form` fills the fields (a renewal's moved-on dates, or a kind chosen already);
        `note` is a line of explanation shown above them.
        """
        dialog = cls(parent, folder, policy_id, form, title, note)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def form(self) -> PolicyForm:
        return PolicyForm(**self.fields.values())

    def attached_words(self) -> list[str]:
        return [entry.words for entry in self._attached]

    # Documents

    def attach(self) -> None:
        source = choose_document(self)
        if source is None:
            return
        if self._policy_id is None:
            self._attached.append(Attached(source=source))
            self._show_documents(len(self._attached) - 1)
            return
        try:
            attach_document(source, self._folder, policy_id=self._policy_id)
        except (UserError, OSError) as problem:
            messages.warn(self, "Document not attached", str(problem))
            return
        self._refresh_documents(select_last=True)

    def open_document(self) -> None:
        entry = self._chosen()
        if entry is None:
            return
        if entry.document is None:
            path = entry.source
        else:
            path = document_path(entry.document, self._folder)
        if not path.exists():
            messages.warn(self, "Document not found", f"There is no file at {path}.")
        else:
            open_or_warn(self, path, "Document not opened", f"The document is kept as {path}.")

    def remove_chosen(self) -> None:
        entry = self._chosen()
        if entry is None:
            return
        if entry.document is None:
            self._attached.remove(entry)
            self._show_documents()
            return
        question = (
            f"Remove {entry.document.original_name} from this item?\n\n"
            "Microbiz deletes the copy it keeps. "
            "Any original still on your computer is not touched."
        )
        if not messages.confirm(self, "Remove document?", question, "Remove"):
            return
        try:
            remove_document(entry.document.id, self._folder)
        except (UserError, OSError) as problem:
            messages.warn(self, "Document not removed", str(problem))
            return
        self._refresh_documents()

    # Saving

    def accept(self) -> None:
        try:
            self.saved = save_policy(self.form(), self._policy_id)
        except ValidationError as problem:
            self._show_problems(problem)
            return
        except UserError as problem:
            messages.warn(self, "Not saved", str(problem))
            return
        self._attach_waiting(self.saved.id)
        super().accept()

    def reject(self) -> None:
        waiting = any(entry.document is None for entry in self._attached)
        if (self.form() != self._unchanged or waiting) and not messages.confirm(
            self,
            "Discard changes?",
            "What you typed or attached has not been saved. Discard it?",
            "Discard changes",
        ):
            return
        super().reject()

    def _attach_waiting(self, policy_id: int) -> None:
        """Copy in the files chosen before the item existed; say which could not be."""
        failed = []
        for entry in self._attached:
            if entry.document is not None:
                continue
            try:
                attach_document(entry.source, self._folder, policy_id=policy_id)
            except (UserError, OSError) as problem:
                failed.append(f"{entry.source.name}: {problem}")
        if failed:
            messages.warn(
                self,
                "Saved, but not every document was attached",
                "The item is saved. These files were not attached:\n\n"
                + "\n".join(failed)
                + "\n\nAttach them again with Edit….",
            )

    def _show_problems(self, problem: ValidationError) -> None:
        self.fields.report_problems(problem, self.summary)
        grow_to_fit(self)

    # Building

    def _default_title(self, form: PolicyForm) -> str:
        if self._policy_id is None:
            return "Add to your register"
        return f"Edit {kind_words(form.kind)}"

    def _show_provider_label(self) -> None:
        """Name the provider field for the kind chosen: Insurer, Issued by, Course…"""
        label = provider_label(read(self.fields.widgets["kind"]))
        caption = self.fields.labels["provider"]
        shown = [w.text() for w in self.findChildren(QLabel) + self.findChildren(QPushButton)]
        taken = {shortcut_letter(text) for text in shown} - {shortcut_letter(caption.text())}
        caption.setText(Mnemonics("".join(taken)).mark(label))
        self.fields.widgets["provider"].setAccessibleName(label)

    def _chosen(self) -> Attached | None:
        row = selected_source_row(self.documents)
        return None if row is None else self._attached[row]

    def _refresh_documents(self, select_last: bool = False) -> None:
        waiting = [entry for entry in self._attached if entry.document is None]
        kept = [] if self._policy_id is None else documents_of(self._policy_id)
        self._attached = [Attached(document=document) for document in kept] + waiting
        self._show_documents(len(self._attached) - 1 if select_last else None)

    def _show_documents(self, select: int | None = None) -> None:
        self.documents_model.setStringList(self.attached_words())
        if select is not None and 0 <= select < len(self._attached):
            self.documents.setCurrentIndex(self.documents_model.index(select))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self._chosen() is not None
        self.buttons["open"].setEnabled(chosen)
        self.buttons["remove"].setEnabled(chosen)

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "attach": ("&Attach…", "Attach document", self.attach),
            "open": ("&Open", "Open document", self.open_document),
            "remove": ("Re&move", "Remove document", self.remove_chosen),
        }
        buttons = push_buttons(specs)
        for button in buttons.values():
            button.setAutoDefault(False)
        return buttons

    def _lay_out(self, form: QFormLayout) -> None:
        for name in FIELDS:
            widget = choice_combo(POLICY_KINDS) if name == "kind" else line_edit(PLACEHOLDERS[name])
            if name in NOTES:
                add_with_note(self.fields, form, name, SHOWN_LABELS[name], widget, NOTES[name])
            else:
                self.fields.add(name, SHOWN_LABELS[name], widget, HINTS.get(name, ""))
        self.fields.add("notes", SHOWN_LABELS["notes"], text_edit())
        self.documents.setModel(self.documents_model)
        self.documents.setAccessibleName("Documents")
        self.documents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents.setFixedHeight(rows_tall_list(self.documents, DOCUMENT_ROWS))
        self.documents.selectionModel().selectionChanged.connect(self._update_buttons)
        self.documents.doubleClicked.connect(lambda: self.open_document())
        documents_heading = heading("Documents")
        documents_heading.setText(self._mnemonics.mark("Documents"))
        documents_heading.setBuddy(self.documents)
        side = QVBoxLayout()
        for key in ("attach", "open", "remove"):
            side.addWidget(self.buttons[key])
        side.addStretch()
        documents_row = QHBoxLayout()
        documents_row.addWidget(self.documents, 1)
        documents_row.addLayout(side)
        save_or_cancel = dialog_buttons(self, push_button("&Save", "Save"))
        layout = QVBoxLayout(self)
        layout.addWidget(dialog_title(self.windowTitle()))
        if self._note:
            layout.addWidget(paragraph(self._note))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(documents_heading)
        layout.addWidget(paragraph(DOCUMENTS_NOTE))
        layout.addLayout(documents_row)
        layout.addWidget(save_or_cancel)
        chain = [*self.fields.widgets.values(), self.documents]
        chain += [self.buttons[key] for key in ("attach", "open", "remove")]
        tab_order(chain + save_or_cancel.buttons())


def shortcut_letter(text: str) -> str:
    """The letter after the '&' of a label or button ("" if it has none)."""
    plain = text.replace("&&", "")
    found = plain.find("&")
    return plain[found + 1 : found + 2].lower() if found >= 0 else ""


def dialog_title(text: str) -> WrappedLabel:
    """The dialog's title inside it too, wrapped so a long name never widens the window."""
    label = WrappedLabel(text)
    label.setFont(scaled_font(label, HEADING_SCALE))
    label.setAccessibleName(text)
    return label


def rows_tall_list(view: QListView, rows: int) -> int:
    """The height that shows `rows` lines of a list without scrolling."""
    line = view.fontMetrics().lineSpacing() + em(view, 0.4)
    return rows * line + 2 * view.frameWidth()
