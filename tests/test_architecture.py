"""The house rules that import-linter cannot state: no module reaches for another package's
private names (a leading underscore), neither by `from x import _y` nor by `x._y`."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "rondetafel"


def _package(module: str) -> str:
    """The app (or top-level module) a dotted name belongs to: rondetafel.<app>."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _module_name(path: Path) -> str:
    relative = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def test_no_app_imports_another_apps_private_names():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "/tests/" in path.as_posix() or "/migrations/" in path.as_posix():
            continue
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            source = _resolve(module, node, path.name == "__init__.py")
            if not source.startswith("rondetafel") or _package(source) == _package(module):
                continue
            private = [a.name for a in node.names if a.name.startswith("_")]
            if private or any(part.startswith("_") for part in source.split(".")[1:]):
                offenders.append(f"{module}: from {source} import {', '.join(private)}")
    assert offenders == []


def test_the_rule_finds_a_private_import(tmp_path):
    """The check above would catch one (a rule that finds nothing proves nothing)."""
    tree = ast.parse("from rondetafel.trajectories.views import _form_errors_from\n")
    node = tree.body[0]
    assert isinstance(node, ast.ImportFrom)
    source = _resolve("rondetafel.signing.views", node, False)
    assert _package(source) != _package("rondetafel.signing.views")
    assert [a.name for a in node.names if a.name.startswith("_")] == ["_form_errors_from"]
