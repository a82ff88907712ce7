"""An opt-in alias that makes ``import pydicom`` resolve to dicomconstruct for this process.

``install()`` / ``uninstall()``; ``python -m dicomconstruct.compat script.py [args]`` runs a script under it.
"""

# How it works: a finder at the front of ``sys.meta_path`` answers every ``pydicom`` and
# ``pydicom.X`` import with the module ``dicomconstruct.X`` itself (the same object, so
# ``pydicom.config.settings is dicomconstruct.config.settings`` and patching one patches the
# other).  A ``pydicom.X`` that dicomconstruct lacks is a ModuleNotFoundError naming it: the
# real pydicom, if it is installed, is never mixed in.  Nothing happens on import of
# dicomconstruct; the alias exists only between install() and uninstall().

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import logging
import os
import runpy
import sys
from collections.abc import Sequence
from types import ModuleType

__all__ = ["ALIAS", "install", "installed", "main", "run_script", "uninstall"]

ALIAS = "pydicom"
TARGET = "dicomconstruct"


def _target_name(name: str) -> str:
    return TARGET + name[len(ALIAS) :]


def _is_alias_name(name: str) -> bool:
    return name == ALIAS or name.startswith(ALIAS + ".")


class _AliasLoader(importlib.abc.Loader):
    """Hands back the already-imported dicomconstruct module under the pydicom name."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.spec = module.__spec__

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return self.module

    def exec_module(self, module: ModuleType) -> None:
        # The import system has just set ``__spec__`` to the alias's spec; the module keeps
        # its own, so ``importlib.reload(dicomconstruct.X)`` still works.
        module.__spec__ = self.spec


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path=None, target=None):
        if not _is_alias_name(name):
            return None
        parent_name = name.rpartition(".")[0]
        if parent_name and parent_name in sys.modules:
            parent = sys.modules[parent_name]
            if not getattr(parent, "__name__", "").startswith(TARGET):
                # The parent was put in place by hand (say, pydicom's own data package for
                # its test suite): its submodules come from its own __path__.
                return None
        target_name = _target_name(name)
        try:
            module = importlib.import_module(target_name)
        except ModuleNotFoundError as exc:
            if (
                exc.name is not None
                and exc.name != target_name
                and not (target_name.startswith(exc.name + "."))
            ):
                raise  # a missing dependency inside dicomconstruct, not a missing module
            raise ModuleNotFoundError(
                f"No module named {name!r} (dicomconstruct has no {target_name!r})", name=name
            ) from None
        return importlib.machinery.ModuleSpec(
            name,
            _AliasLoader(module),
            is_package=hasattr(module, "__path__"),
        )


_finder: _AliasFinder | None = None
_shadowed: dict[str, ModuleType] = {}
_shadowed_logger: list = []  # what ``logging.getLogger("pydicom")`` gave before install()


def _alias_logger() -> None:
    """``logging.getLogger("pydicom")`` is dicomconstruct's logger (``config.logger``) while
    the alias is installed: code written for pydicom configures the logger pydicom logs to
    (its level, its handlers, ``config.debug()``'s StreamHandler) and gets dicomconstruct's
    messages, as pydicom's. Loggers below "pydicom" made earlier become its children."""
    from . import config

    manager = logging.Logger.manager
    with _logging_lock():
        _shadowed_logger[:] = [manager.loggerDict.get(ALIAS)]
        manager.loggerDict[ALIAS] = config.logger
        _reparent(manager, config.logger)


def _unalias_logger() -> None:
    from . import config

    manager = logging.Logger.manager
    with _logging_lock():
        if manager.loggerDict.get(ALIAS) is not config.logger:
            return
        previous = _shadowed_logger[0] if _shadowed_logger else None
        _shadowed_logger.clear()
        if previous is None:
            del manager.loggerDict[ALIAS]
        else:
            manager.loggerDict[ALIAS] = previous
        _reparent(manager, previous if isinstance(previous, logging.Logger) else logging.root)


def _reparent(manager: logging.Manager, parent: logging.Logger) -> None:
    """Loggers named "pydicom.X" whose parent is not another "pydicom.*" logger: under
    ``parent``."""
    for child in list(manager.loggerDict.values()):
        if (
            isinstance(child, logging.Logger)
            and child.name.startswith(ALIAS + ".")
            and child.parent is not None
            and not child.parent.name.startswith(ALIAS + ".")
        ):
            child.parent = parent
    manager._clear_cache()  # type: ignore[attr-defined]


def _logging_lock():
    lock = getattr(logging, "_lock", None)
    if lock is None:  # pragma: no cover - every CPython has it
        import contextlib

        return contextlib.nullcontext()
    return lock


def installed() -> bool:
    """True between :func:`install` and :func:`uninstall`."""
    return _finder is not None


def install() -> None:
    """Make ``import pydicom`` and ``import pydicom.X`` give dicomconstruct's modules.

    Modules of the real pydicom already imported are set aside (and restored by
    :func:`uninstall`), so later imports see only dicomconstruct.  Installing twice is
    harmless.
    """
    global _finder
    if _finder is not None:
        return
    for name in [n for n in sys.modules if _is_alias_name(n)]:
        _shadowed[name] = sys.modules.pop(name)
    _finder = _AliasFinder()
    sys.meta_path.insert(0, _finder)
    _alias_logger()


def uninstall() -> None:
    """Undo :func:`install`: the ``pydicom`` names are forgotten and any real pydicom modules
    that were imported before are put back.  dicomconstruct's own modules stay loaded."""
    global _finder
    if _finder is None:
        return
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _finder = None
    _unalias_logger()
    for name in [n for n in sys.modules if _is_alias_name(n)]:
        del sys.modules[name]
    sys.modules.update(_shadowed)
    _shadowed.clear()


def run_script(path: str, argv: Sequence[str] = ()) -> None:
    """Run the Python file ``path`` as ``__main__`` with ``sys.argv = [path, *argv]``, under
    the alias (installed for the run, then removed)."""
    saved_argv, saved_path = sys.argv, sys.path[:]
    was_installed = installed()
    sys.argv = [path, *argv]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))  # as ``python script.py``
    install()
    try:
        runpy.run_path(path, run_name="__main__")
    finally:
        sys.argv = saved_argv
        sys.path[:] = saved_path
        if not was_installed:
            uninstall()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m dicomconstruct.compat script.py [args]``, or ``-m module [args]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(
            "usage: python -m dicomconstruct.compat script.py [args...]\n"
            "       python -m dicomconstruct.compat -m module [args...]\n"
            "Runs pydicom-based code with 'import pydicom' resolving to dicomconstruct.",
            file=sys.stderr if not args else sys.stdout,
        )
        return 0 if args else 2
    if args[0] == "-m":
        if len(args) < 2:
            print("dicomconstruct.compat: -m needs a module name", file=sys.stderr)
            return 2
        saved_argv = sys.argv
        sys.argv = [args[1], *args[2:]]
        install()
        try:
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        finally:
            sys.argv = saved_argv
            uninstall()
        return 0
    run_script(args[0], args[1:])
    return 0


if __name__ == "__main__":
    # Run as ``-m``, this file is ``__main__``: use the one ``dicomconstruct.compat`` module,
    # whose state the script sees.
    from dicomconstruct.compat import main as _main

    sys.exit(_main())
