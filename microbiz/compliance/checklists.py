"""Start-up checklists: TOML templates anyone can write, and a checklist's progress.

An item may name a register kind (`compliance_kind`) and, for a course, the words its
name contains (`course`); such an item's state then comes from the register (see standing).
"""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from pathlib import Path

from microbiz.compliance.policies import MANY_AT_ONCE
from microbiz.compliance.standing import Standing
from microbiz.compliance.standing import standings
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import CHECKLIST_STATUSES
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import Checklist
from microbiz.foundations.models import ChecklistItem
from microbiz.foundations.models import database
from microbiz.foundations.paths import resource
from microbiz.foundations.validation import Fields

DEFAULT_TEMPLATE = "england-start-up"
ITEM_FIELDS = (
    "id",
    "title",
    "why",
    "guidance",
    "link",
    "link_text",
    "due_days",
    "compliance_kind",
    "course",
)
TEXT_FIELDS = ("id", "title", "why", "guidance", "link", "link_text", "compliance_kind", "course")
TOP_FIELDS = ("title", "version", "author", "items")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class TemplateItem:
    id: str
    title: str
    why: str = ""
    guidance: str = ""
    link: str = ""
    link_text: str = ""
    due_days: int | None = None
    compliance_kind: str = ""
    course: str = ""


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    version: str
    author: str
    items: list[TemplateItem]


class TemplateProblems(UserError):
    """A template that cannot be used: one `line N: field: problem` line each."""

    def __init__(self, path: Path, lines: list[str]) -> None:
        super().__init__(f"{path.name} was not imported: {len(lines)} problem(s) found")
        self.lines = lines


def read_template(path: Path) -> Template:
    """A checked template; TemplateProblems naming the line and field of every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise UserError(f"{path.name} could not be read ({problem}).") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise TemplateProblems(path, [_syntax_line(str(problem))]) from None
    places = _Places(text)
    lines = _top_problems(data, places)
    items = data.get("items") if isinstance(data.get("items"), list) else []
    seen: dict[str, int] = {}
    checked = []
    for index, raw in enumerate(items):
        problems, item = _item_problems(raw, index, places, seen)
        lines += problems
        checked.append(item)
    if lines:
        raise TemplateProblems(path, lines)
    return Template(
        name=path.stem,
        title=data["title"].strip(),
        version=str(data.get("version", "")).strip(),
        author=str(data.get("author", "")).strip(),
        items=checked,
    )


def _syntax_line(message: str) -> str:
    """tomllib says "... (at line 3, column 7)": put the line first, like the others."""
    found = re.search(r"\(at line (\d+), column \d+\)", message)
    problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
    line = found.group(1) if found else "1"
    return f"line {line}: not valid TOML: {problem}"


class _Places:
    """Finds the line a top-level field or an item's field is written on."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.item_starts = [
            number
            for number, line in enumerate(self.lines, start=1)
            if re.match(r"^\s*\[\[\s*items\s*\]\]", line)
        ]

    def top(self, name: str) -> int:
        end = self.item_starts[0] if self.item_starts else len(self.lines) + 1
        return self._find(name, 1, end) or 1

    def item(self, index: int, name: str | None = None) -> int:
        if index >= len(self.item_starts):
            return 1
        start = self.item_starts[index]
        following = self.item_starts[index + 1 : index + 2]
        end = following[0] if following else len(self.lines) + 1
        return (self._find(name, start, end) if name else None) or start

    def _find(self, name: str, start: int, end: int) -> int | None:
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
        for number in range(start, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return None


def _top_problems(data: dict, places: _Places) -> list[str]:
    lines = []
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        lines.append(f"line {places.top('title')}: title: missing (the checklist needs a title)")
    for name in ("version", "author"):
        if name in data and not isinstance(data[name], str | int | float):
            lines.append(f"line {places.top(name)}: {name}: must be text")
    items = data.get("items")
    if not isinstance(items, list) or not items:
        lines.append("line 1: items: missing (add at least one [[items]] section)")
    for name in data:
        if name not in TOP_FIELDS:
            lines.append(f"line {places.top(name)}: {name}: unknown field")
    return lines


def _item_problems(
    raw: object, index: int, places: _Places, seen: dict[str, int]
) -> tuple[list[str], TemplateItem]:
    """The problems of one [[items]] section, and the item as far as it could be read."""
    where = f"items[{index + 1}]"
    if not isinstance(raw, dict):
        return [f"line {places.item(index)}: {where}: must be a [[items]] section"], TemplateItem(
            "", ""
        )

    def problem(name: str, text: str) -> str:
        return f"line {places.item(index, name)}: {where}.{name}: {text}"

    lines = [problem(name, "unknown field") for name in raw if name not in ITEM_FIELDS]
    texts = {}
    for name in TEXT_FIELDS:
        value = raw.get(name, "")
        if not isinstance(value, str):
            lines.append(problem(name, "must be text in quotes"))
            value = ""
        texts[name] = value.strip()
    for name in ("id", "title"):
        if not texts[name]:
            lines.append(problem(name, "missing"))
    item_id = texts["id"]
    if item_id and not _ID.match(item_id):
        lines.append(problem("id", f"'{item_id}' must be lower-case letters, digits and dashes"))
    if item_id in seen:
        lines.append(problem("id", f"'{item_id}' is already used by items[{seen[item_id]}]"))
    elif item_id:
        seen[item_id] = index + 1
    if texts["link"] and not re.match(r"^https?://", texts["link"]):
        lines.append(problem("link", "must start with https:// or http://"))
    if texts["link"] and not texts["link_text"]:
        lines.append(problem("link_text", "missing (say what the link is)"))
    kind = texts["compliance_kind"]
    if kind and kind not in POLICY_KINDS:
        lines.append(
            problem("compliance_kind", f"'{kind}' is not one of: {', '.join(POLICY_KINDS)}")
        )
    if texts["course"] and kind not in MANY_AT_ONCE:
        lines.append(problem("course", "only for a compliance_kind of training_course or other"))
    due_days = raw.get("due_days")
    if due_days is not None and (
        isinstance(due_days, bool) or not isinstance(due_days, int) or due_days < 0
    ):
        lines.append(problem("due_days", "must be a whole number of days, 0 or more"))
        due_days = None
    return lines, TemplateItem(due_days=due_days, **{k: texts[k] for k in texts})


def template_paths(folder: Path | None) -> dict[str, Path]:
    """Built-in templates, then ones imported into the data folder (if given), by name."""
    found = {p.stem: p for p in sorted(resource("checklists").glob("*.toml"))}
    if folder is not None:
        found.update({p.stem: p for p in sorted((folder / "checklists").glob("*.toml"))})
    return found


def start_checklist(name: str, folder: Path | None, today: date | None = None) -> Checklist:
    """Begin the checklist of the template called `name`; due dates count from `today`."""
    if find_checklist_or_none(name) is not None:
        raise UserError(f"You already have the checklist '{name}'.")
    paths = template_paths(folder)
    if name not in paths:
        raise UserError(f"There is no checklist template called '{name}'.")
    return _start(read_template(paths[name]), today or clock.today())


def _start(template: Template, today: date) -> Checklist:
    with database.atomic():
        checklist = Checklist.create(
            name=template.name,
            title=template.title,
            version=template.version,
            author=template.author,
            started_on=today,
        )
        for position, item in enumerate(template.items, start=1):
            ChecklistItem.create(
                checklist=checklist,
                item_key=item.id,
                position=position,
                title=item.title,
                why=item.why,
                guidance=item.guidance,
                link=item.link,
                link_text=item.link_text,
                compliance_kind=item.compliance_kind,
                course=item.course,
                due_on=None if item.due_days is None else today + timedelta(days=item.due_days),
            )
    return checklist


def import_template(path: Path, folder: Path, today: date | None = None) -> Checklist:
    """Check a template file, keep a copy in the data folder and start its checklist.

    Nothing is installed when the file has any problem.
    """
    template = read_template(path)
    if template.name in template_paths(folder) or find_checklist_or_none(template.name):
        raise UserError(f"There is already a checklist called '{template.name}'; rename the file.")
    target = folder / "checklists" / f"{template.name}.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    try:
        return _start(template, today or clock.today())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def find_checklist_or_none(name: str) -> Checklist | None:
    return Checklist.get_or_none(Checklist.name == name.strip())


def find_checklist(name: str) -> Checklist:
    checklist = find_checklist_or_none(name)
    if checklist is None:
        raise UserError(f"There is no checklist called '{name}'.")
    return checklist


def items_of(checklist: Checklist) -> list[ChecklistItem]:
    return list(
        ChecklistItem.select()
        .where(ChecklistItem.checklist == checklist)
        .order_by(ChecklistItem.position)
    )


@dataclass(frozen=True)
class Progress:
    done: int
    not_applicable: int
    total: int

    def in_words(self) -> str:
        """ "12 of 24 done", and how many do not apply, if any."""
        words = f"{self.done} of {self.total} done"
        if self.not_applicable:
            words += f", {self.not_applicable} not applicable"
        return words


def progress_of(checklist: Checklist, today: date | None = None) -> Progress:
    """Done counts register items whose record is current, and other items ticked done."""
    found = standings(items_of(checklist), today).values()
    done = sum(1 for standing in found if standing.done)
    not_applicable = sum(1 for standing in found if standing.state == "not_applicable")
    return Progress(done, not_applicable, len(found))


@dataclass
class ItemForm:
    status: str = "todo"
    due_on: str = ""
    notes: str = ""


def update_item(item_id: int, form: ItemForm, today: date | None = None) -> ChecklistItem:
    """Change an item's status, due date and notes; done items remember the day."""
    item = get_item(item_id)
    check = Fields()
    status = check.choice("status", "Status", form.status, CHECKLIST_STATUSES)
    due_on = check.date("due_on", "Due", form.due_on)
    notes = check.text("notes", "Notes", form.notes)
    check.done()
    if status == "done" and item.status != "done":
        item.done_on = today or clock.today()
    elif status != "done":
        item.done_on = None
        item.policy = None
    item.status, item.due_on, item.notes = status, due_on, notes
    item.save()
    return item


def complete_with_policy(item_id: int, policy_id: int, today: date | None = None) -> ChecklistItem:
    """Link an item to the register record that answers it (e.g. its first aid course)."""
    item = get_item(item_id)
    item.policy = policy_id
    item.status = "done"
    item.done_on = today or clock.today()
    item.save()
    return item


def get_item(item_id: int) -> ChecklistItem:
    item = ChecklistItem.get_or_none(ChecklistItem.id == item_id)
    if item is None:
        raise UserError(f"There is no checklist item number {item_id}.")
    return item


def describe_item(item: ChecklistItem, standing: Standing) -> str:
    """ "[Current until 14/03/2028] Take first aid training", or "[To do] …, due 12/03/2026"."""
    shown = standing.words if standing.from_register else standing.label
    due = f", due {format_date(item.due_on)}" if item.due_on and not standing.settled else ""
    return f"[{shown}] {item.title}{due}"
