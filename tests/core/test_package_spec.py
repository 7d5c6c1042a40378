"""The installable app's recipe, checked without building it: data files, left-out modules,
the Linux desktop entry and the icons."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def load_bundle():
    """build/bundle.py, the spec's helper, imported from its file (it needs no PyInstaller)."""
    spec = importlib.util.spec_from_file_location("bundle", ROOT / "build" / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = load_bundle()


def test_the_app_carries_every_resources_file_in_its_own_folder():
    carried = {Path(source): folder for source, folder in bundle.datas()}
    on_disk = [path for path in (ROOT / "resources").rglob("*") if path.is_file()]
    assert len(on_disk) >= 9  # the checklist, the schema, the icon and its PNGs at least
    for path in on_disk:
        assert carried.get(path) == path.parent.relative_to(ROOT).as_posix()


def test_the_app_carries_reportlabs_fonts():
    fonts = [Path(source) for source, folder in bundle.datas() if folder == "reportlab/fonts"]
    assert len(fonts) == 1 and (fonts[0] / "Vera.ttf").is_file()


def test_the_app_carries_every_module_of_ours_even_those_imported_by_name():
    carried = set(bundle.our_modules())
    assert {"microbiz.commands.invoices", "microbiz.cli", "ui.app", "ui.common"} <= carried
    for path in [*(ROOT / "microbiz").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        if "collector" not in name and not name.endswith("__main__"):
            assert name in carried
    assert not any("collector" in name for name in carried)


def test_the_spec_builds_from_the_helpers_lists():
    spec = (ROOT / "build" / "microbiz.spec").read_text(encoding="utf-8")
    for part in ("datas=datas()", "*our_modules()", "excludes=EXCLUDES", "prune(", "console=True"):
        assert part in spec


def test_nothing_the_app_runs_imports_a_left_out_module():
    files = [
        path
        for path in sorted([*(ROOT / "microbiz").rglob("*.py"), *(ROOT / "ui").rglob("*.py")])
        if "collector" not in path.relative_to(ROOT).parts
    ]
    reached = {name for path in files for name in imports(path) if "collector" in name}
    files += [path for path in map(source_file, sorted(reached)) if path is not None]
    for path in files:
        for name in imports(path):
            assert not left_out(name), f"{path.relative_to(ROOT)} imports {name}, left out"
    assert not left_out("microbiz.collector.schema")


def test_unused_qt_plugins_go_with_the_libraries_only_they_need():
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "xcb", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "gtk3", "BINARY"),
        ("libcairo.so.2", "cairo", "BINARY"),
        ("libX11.so.6", "x11", "BINARY"),
        ("libGLX.so.0", "glx", "BINARY"),  # loaded by name at run time, needed by no one
    ]
    loads = {
        "xcb": {"libX11.so.6"},
        "gtk3": {"libcairo.so.2", "libX11.so.6"},
        "cairo": {"libX11.so.6"},
    }
    kept = bundle.prune(binaries, lambda source: loads.get(source, set()))
    assert [name for name, _, _ in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libX11.so.6",
        "libGLX.so.0",
    ]


def test_links_to_binaries_left_out_are_left_out_too():
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "core", "BINARY")]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("resources/icons/microbiz.svg", "/checkout/resources/icons/microbiz.svg", "DATA"),
    ]
    kept = bundle.without_dangling_links(datas, binaries)
    assert [name for name, _, _ in kept] == ["libQt6Core.so.6", "resources/icons/microbiz.svg"]


def test_the_desktop_entry_starts_microbiz_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(ROOT / "build" / "microbiz.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Microbiz"
    assert desktop["Exec"] == "microbiz"
    assert desktop["Icon"] == "microbiz"
    assert desktop["Terminal"] == "false"
    assert {"Office", "Finance"} <= set(desktop["Categories"].split(";"))
    assert desktop["Comment"].strip()


def test_the_icon_is_drawn_at_every_size():
    icons = ROOT / "resources" / "icons"
    assert "<svg" in (icons / "microbiz.svg").read_text(encoding="utf-8")
    for size in ICON_SIZES:
        assert png_size(icons / f"microbiz-{size}.png") == (size, size)


def imports(path: Path) -> set[str]:
    """Every module a source file imports, by its full name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def source_file(name: str) -> Path | None:
    """The file of one of our modules, or None for a name that is not one."""
    stem = ROOT.joinpath(*name.split("."))
    found = [path for path in (stem.with_suffix(".py"), stem / "__init__.py") if path.is_file()]
    return found[0] if found else None


def left_out(name: str) -> bool:
    return any(name == gone or name.startswith(f"{gone}.") for gone in bundle.EXCLUDES)


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, read from its header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])
