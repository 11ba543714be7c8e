"""A small registry for variants that other apps plug in (ARCHITECTURE.md: registries, not
``if kind == ...`` chains)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, name: str):
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, key: str) -> Callable[[T], T]:
        def decorator(item: T) -> T:
            if key in self._items:
                raise ValueError(f"{self.name}: {key!r} is already registered")
            self._items[key] = item
            return item

        return decorator

    def unregister(self, key: str) -> None:
        """Take a variant out again (a test that plugs in a type of its own)."""
        self._items.pop(key, None)

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def __getitem__(self, key: str) -> T:
        return self._items[key]
