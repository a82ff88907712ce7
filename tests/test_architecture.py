"""The layers of docs/architecture.md, checked on the package's imports (read with ``ast``):
no module-level import cycle, no import of a higher layer except the lazy upcalls the page
lists with their reasons."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dicomconstruct"
PAGE = ROOT / "docs" / "architecture.md"


# ---------------------------------------------------------------------------------------------
# the page's two tables
def _table_rows(title: str) -> list[list[str]]:
    """The cells of the rows of the first table after the heading ``title``."""
    text = PAGE.read_text()
    section = text.split(f"## {title}\n", 1)[1]
    rows = []
    for line in section.splitlines():
        if rows and not line.startswith("|"):
            break
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]  # without the header row


def _names(cell: str) -> list[str]:
    return re.findall(r"`([\w/]+)`", cell)


def _layer_range(cell: str) -> range:
    """``0–3`` (or ``0-3``, or ``0``): the layers a layer may import."""
    first, _, last = cell.split(",")[0].replace("–", "-").partition("-")
    return range(int(first), int(last or first) + 1)


LAYERS: dict[str, int] = {
    name: int(row[0]) for row in _table_rows("The layers") for name in _names(row[2])
}
MAY_IMPORT: dict[int, range] = {
    int(row[0]): _layer_range(row[3]) for row in _table_rows("The layers")
}
UPCALLS: dict[tuple[str, str], str] = {
    (_names(row[0])[0], _names(row[1])[0]): row[2] for row in _table_rows("Lazy upcalls")
}


# ---------------------------------------------------------------------------------------------
# the package's imports
def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _module(name: str) -> str:
    """The module an imported name runs: a package's ``__init__``."""
    return name if name in MODULES or f"{name}.__init__" not in MODULES else f"{name}.__init__"


def _layer_key(module: str) -> str:
    """The name the table gives a module: a subpackage's modules are the subpackage."""
    return module.split(".")[0]


def _resolve(importer: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The package modules an import statement imports."""
    if isinstance(node, ast.Import):
        return [
            alias.name.removeprefix("dicomconstruct.") or "__init__"
            for alias in node.names
            if alias.name == "dicomconstruct" or alias.name.startswith("dicomconstruct.")
        ]
    if node.level == 0:
        if node.module != "dicomconstruct" and not (node.module or "").startswith(
            "dicomconstruct."
        ):
            return []
        base = (node.module or "").removeprefix("dicomconstruct").lstrip(".")
    else:
        # the package a relative import starts from: a package's ``__init__`` is in itself
        package = importer.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, node.module] if node.module else package)
    found = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}" if base else alias.name
        if candidate in MODULES or f"{candidate}.__init__" in MODULES:
            found.append(candidate)  # ``from . import tables``: the module itself
        else:
            found.append(base or "__init__")
    return found


class _Imports(ast.NodeVisitor):
    """Every import of the package in a module: (imported, line, at module level)."""

    def __init__(self, module: str, lines: list[str]):
        self.module = module
        self.lines = lines
        self.found: list[tuple[str, int, bool]] = []
        self.depth = 0
        self.type_checking = 0

    def _function(self, node) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function  # noqa: N815

    def visit_If(self, node: ast.If) -> None:  # noqa: N802 - ast's name
        # ``if TYPE_CHECKING:`` imports are for type checkers only, never run
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            return
        self.generic_visit(node)

    def _import(self, node) -> None:
        for imported in _resolve(self.module, node):
            if imported != self.module:
                self.found.append((_module(imported), node.lineno, self.depth == 0))

    visit_Import = visit_ImportFrom = _import  # noqa: N815


def _imports(module: str) -> list[tuple[str, int, bool]]:
    text = MODULES[module].read_text()
    visitor = _Imports(module, text.splitlines())
    visitor.visit(ast.parse(text))
    return visitor.found


IMPORTS = {module: _imports(module) for module in MODULES}


# ---------------------------------------------------------------------------------------------
def test_the_page_lists_every_layer_in_order_and_every_upcall_with_a_reason():
    assert sorted(set(LAYERS.values())) == list(range(7))
    # a layer imports its own and the lower ones, never a higher one
    assert all(MAY_IMPORT[layer] == range(layer + 1) for layer in MAY_IMPORT)
    assert LAYERS["errors"] == 0 and LAYERS["dataset"] == 4 and LAYERS["filereader"] == 5
    assert all(reason for reason in UPCALLS.values())
    for importer, imported in UPCALLS:
        assert LAYERS[importer] < LAYERS[imported], (importer, imported)


def test_every_module_of_the_package_has_a_layer():
    missing = sorted({_layer_key(m) for m in MODULES} - set(LAYERS))
    assert missing == [], f"add {missing} to the table of docs/architecture.md"


def test_no_module_imports_a_higher_layer_except_the_listed_lazy_upcalls():
    wrong = []
    for module, found in IMPORTS.items():
        importer = _layer_key(module)
        lines = MODULES[module].read_text().splitlines()
        for imported, line, top_level in found:
            target = _layer_key(imported)
            if target == importer or LAYERS.get(target, 0) in MAY_IMPORT[LAYERS[importer]]:
                continue
            listed = (importer, target) in UPCALLS
            said = "upcall" in lines[line - 1] or "upcall" in lines[line - 2]
            if top_level or not listed or not said:
                where = "module level" if top_level else "lazy"
                why = "" if listed else ", not in the page's table"
                if listed and not said:
                    why = ", without an 'upcall' comment"
                wrong.append(f"{module}:{line} imports {imported} ({where}{why})")
    assert wrong == []


def test_every_listed_upcall_is_still_made():
    made = {
        (_layer_key(module), _layer_key(imported))
        for module, found in IMPORTS.items()
        for imported, _, top_level in found
        if not top_level and _layer_key(imported) != _layer_key(module)
    }
    assert sorted(set(UPCALLS) - made) == []


def test_module_level_imports_form_no_cycle():
    names = {
        module: {imported for imported, _, top_level in found if top_level}
        for module, found in IMPORTS.items()
    }
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(name: str, trail: list[str]) -> bool:
        state[name] = 1
        for target in sorted(names.get(name, ())):
            if target == name:
                continue
            if state.get(target) == 1:
                cycle.extend([*trail[trail.index(target) :], target] if target in trail else [])
                return True
            if state.get(target) is None and visit(target, [*trail, target]):
                return True
        state[name] = 2
        return False

    for name in sorted(names):
        if state.get(name) is None and visit(name, [name]):
            break
    assert cycle == []


@pytest.mark.parametrize(
    "module, imported, lazy_too",
    [
        ("dataelem", "filereader", False),
        ("values", "sequence", True),
        ("sequence", "filereader", True),
    ],
)
def test_the_tree_and_the_values_do_not_import_the_layers_above_them(module, imported, lazy_too):
    # dataelem's one lazy import of the reader is a listed upcall (a lazily read sequence)
    found = {_layer_key(i) for i, _, top_level in IMPORTS[module] if top_level or lazy_too}
    assert imported not in found
