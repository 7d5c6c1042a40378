"""The layout's rules, read from the source: which package may import which."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each core package may import the packages listed, and nothing else in microbiz.
# Listed lowest first: no package imports one after it.
MAY_IMPORT = {
    "foundations": set(),
    "collector": {"foundations"},
    "clients": {"foundations"},
    "compliance": {"foundations"},
    "hours": {"foundations", "clients"},
    "invoicing": {"foundations", "clients", "hours"},
    "tax": {"foundations", "clients", "hours", "invoicing"},
    "workforce": {"foundations", "collector", "hours"},
    "records": {"foundations", "clients", "compliance", "hours", "invoicing", "tax"},
    "demo": {"foundations", "clients", "compliance", "hours", "invoicing", "tax"},
    "home": {"foundations", "clients", "compliance", "hours", "invoicing", "tax"},
    "privacy": {"foundations", "clients", "hours", "invoicing", "tax"},
    "commands": {
        *("foundations", "clients", "compliance", "hours", "invoicing", "tax"),
        *("workforce", "records", "demo", "home", "privacy"),
    },
}
# The one core module that starts the window, when asked to, from inside a function.
GUI_STARTER = "microbiz.cli"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(*tops: str) -> list[Path]:
    return sorted(p for top in tops for p in (ROOT / top).rglob("*.py"))


def imports_of(path: Path) -> list[tuple[str, bool]]:
    """Each absolute name imported (module, or module.name), and whether at the top level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            found += [
                (f"{node.module}.{alias.name}", id(node) in top_level) for alias in node.names
            ]
    return found


def home(name: str, top: str) -> str | None:
    """The package under `top` a dotted name belongs to: microbiz.hours.visits -> hours."""
    parts = name.split(".")
    return parts[1] if parts[0] == top and len(parts) > 1 else None


CORE = [(module_name(p), imports_of(p)) for p in source_files("microbiz")]
UI = [(module_name(p), imports_of(p)) for p in source_files("ui")]


def test_the_core_never_imports_qt_or_the_ui():
    for module, imported in CORE:
        for name, top_level in imported:
            if name.split(".")[0] == "ui" and module == GUI_STARTER and not top_level:
                continue
            assert name.split(".")[0] not in {"PySide6", "ui"}, f"{module} imports {name}"


def test_the_collector_imports_only_the_foundations():
    for module, imported in CORE:
        if home(module, "microbiz") != "collector":
            continue
        for name, _ in imported:
            assert name.split(".")[0] not in {"PySide6", "ui"}, f"{module} imports {name}"
            assert home(name, "microbiz") in {None, "collector", "foundations"}, f"{module}: {name}"


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_each_core_package_imports_only_the_packages_below_it(package):
    for module, imported in CORE:
        if home(module, "microbiz") != package:
            continue
        for name, _ in imported:
            used = home(name, "microbiz")
            allowed = MAY_IMPORT[package] | {package}
            assert used is None or used in allowed, f"{module} imports {name}"


def test_the_package_order_has_no_cycles():
    order = list(MAY_IMPORT)
    for package, below in MAY_IMPORT.items():
        assert all(order.index(other) < order.index(package) for other in below), package


def test_every_core_package_is_in_the_rules():
    packages = {p.parent.name for p in (ROOT / "microbiz").glob("*/__init__.py")}
    assert packages == set(MAY_IMPORT)


def test_ui_common_imports_no_feature_folder():
    for module, imported in UI:
        if home(module, "ui") == "common":
            assert all(home(name, "ui") in {None, "common"} for name, _ in imported), module


def test_nothing_imports_another_packages_private_parts():
    for module, imported in CORE + UI:
        for name, _ in imported:
            if name.split(".")[0] not in {"microbiz", "ui"}:
                continue
            private = [part for part in name.split(".") if part.startswith("_")]
            same = name.split(".")[:2] == module.split(".")[:2]
            assert same or not private, f"{module} imports {name}"


@pytest.mark.parametrize(
    "init",
    [
        p.relative_to(ROOT).as_posix()
        for p in source_files("microbiz", "ui")
        if p.name == "__init__.py"
    ],
)
def test_each_package_opens_with_what_lives_there_and_what_it_may_import(init):
    docstring = ast.get_docstring(ast.parse((ROOT / init).read_text(encoding="utf-8"))) or ""
    lines = docstring.splitlines() + ["", ""]
    assert lines[0] and lines[1].startswith(("May import", "Imports")), init
