"""A signed PDF's objects as plain Python values, revision by revision, for `verifier`.

pyHanko's reader (which finds the cross-reference sections) tokenises objects a byte at a time:
about a millisecond for a catalog, 20 ms for a signature's 10 KB hex `/Contents`. Verifying 200
signatures reads about a thousand objects, so plain objects (the usual case: dictionaries and
arrays at an offset) are read here with one regular expression per token instead; objects inside
object streams, and stream data, still come from pyHanko.

The values: dictionaries with names (``"/Type"``) as keys, lists, `generic.Reference`, names as
``str`` starting with ``/``, literal strings as their raw bytes (escapes kept, so a different
spelling of the same text compares unequal: the verifier reads that as a change, never the
reverse), `Hex` strings, numbers, booleans, ``None``, and `Stream` for a stream object.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

MAX_DEPTH = 32

_TOKEN = re.compile(
    rb"""(?:\s|%[^\r\n]*)*(?:
      (?P<dopen><<)|(?P<dclose>>>)|(?P<aopen>\[)|(?P<aclose>\])
     |(?P<hex><[0-9A-Fa-f\s]*>)
     |(?P<name>/[^\s/\[\]<>(){}%]*)
     |(?P<lit>\()
     |(?P<ref>\d+\s+\d+\s+R(?![^\s/\[\]<>(){}%]))
     |(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
     |(?P<kw>true|false|null|stream|endobj)
    )""",
    re.X,
)
_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj")
_END_DICT, _END_ARRAY = object(), object()


@dataclass(frozen=True)
class Hex:
    value: bytes
    # Where the string sits in the file, '<' to after '>': the signature's /Contents must be
    # exactly the byte range's gap. Not part of equality.
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Stream:
    dictionary: dict


class ObjectReader:
    """Just enough of PDF's object syntax for the dictionaries a signing flow writes."""

    def __init__(self, data: bytes, offset: int):
        self.data, self.pos = data, offset

    def read(self, idnum: int):
        header = _HEADER.match(self.data, self.pos)
        if not header or int(header.group(1)) != idnum:
            raise ValueError(f"object {idnum} is not where the cross-reference table says")
        self.pos = header.end()
        value = self._value(0)
        if value is _END_DICT or value is _END_ARRAY:
            raise ValueError(f"object {idnum} is malformed")
        token = _TOKEN.match(self.data, self.pos)
        if token and token.group("kw") == b"stream":
            if not isinstance(value, dict):
                raise ValueError(f"object {idnum} is a stream without a dictionary")
            return Stream(value)
        return value

    def _value(self, depth: int):
        if depth > MAX_DEPTH:
            raise ValueError("objects nested too deeply")
        token = _TOKEN.match(self.data, self.pos)
        if not token:
            raise ValueError("unreadable object")
        self.pos = token.end()
        kind = token.lastgroup
        text = token.group(kind)
        if kind == "dopen":
            result = {}
            while (key := self._value(depth + 1)) is not _END_DICT:
                if not isinstance(key, str) or not key.startswith("/"):
                    raise ValueError("a dictionary key that is not a name")
                result[key] = self._value(depth + 1)
            return result
        if kind == "aopen":
            items = []
            while (item := self._value(depth + 1)) is not _END_ARRAY:
                if item is _END_DICT:
                    raise ValueError("unbalanced array")
                items.append(item)
            return items
        if kind == "dclose":
            return _END_DICT
        if kind == "aclose":
            return _END_ARRAY
        if kind == "hex":
            digits = re.sub(rb"\s", b"", text[1:-1])
            return Hex(
                bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()),
                token.start(kind),
                token.end(kind),
            )
        if kind == "name":
            return text.decode("latin-1")
        if kind == "lit":
            return self._literal()
        if kind == "ref":
            idnum, generation, _r = text.split()
            return generic.Reference(int(idnum), int(generation))
        if kind == "num":
            return float(text) if b"." in text else int(text)
        if text in (b"stream", b"endobj"):
            raise ValueError("unexpected keyword inside an object")
        return {b"true": True, b"false": False, b"null": None}[text]

    def _literal(self) -> bytes:
        depth, start, data = 1, self.pos, self.data
        while self.pos < len(data):
            char = data[self.pos]
            self.pos += 1
            if char == 0x5C:  # a backslash escapes the next byte, parentheses included
                self.pos += 1
            elif char == 0x28:
                depth += 1
            elif char == 0x29:
                depth -= 1
                if depth == 0:
                    return data[start : self.pos - 1]
        raise ValueError("unterminated string")


_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
_ESCAPED = {
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"b": b"\b",
    b"f": b"\f",
    b"\r\n": b"",
    b"\n": b"",
    b"\r": b"",
}


def unescape(raw: bytes) -> bytes:
    """A literal string's bytes as its escapes mean them (octal, \\n, line continuations)."""

    def one(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _ESCAPED.get(code, code)

    return _ESCAPE.sub(one, raw)


def plain(value, depth: int = 0):
    """A pyHanko object as the plain values above."""
    if depth > MAX_DEPTH:
        raise ValueError("objects nested too deeply")
    if isinstance(value, generic.IndirectObject):
        return generic.Reference(value.idnum, value.generation)
    if isinstance(value, generic.StreamObject):
        return Stream({k: plain(value.raw_get(k), depth + 1) for k in value})
    if isinstance(value, generic.DictionaryObject):
        return {k: plain(value.raw_get(k), depth + 1) for k in value}
    if isinstance(value, generic.ArrayObject):
        return [plain(value.raw_get(i), depth + 1) for i in range(len(value))]
    if isinstance(value, generic.NameObject):
        return str(value)
    if isinstance(value, generic.ByteStringObject | generic.TextStringObject):
        return value.original_bytes
    if isinstance(value, generic.BooleanObject):
        return bool(value)
    if isinstance(value, generic.NullObject):
        return None
    if isinstance(value, generic.FloatObject):
        return float(value)
    if isinstance(value, generic.NumberObject):
        return int(value)
    raise ValueError(f"unexpected PDF value {type(value).__name__}")


class Objects:
    """Every object of every revision, from one pass over the cross-reference sections."""

    def __init__(self, pdf: bytes, reader: PdfFileReader):
        self.pdf, self.reader = pdf, reader
        self.revisions = reader.xrefs.total_revisions
        # object number -> the revisions that wrote it, and where
        self._written: dict[int, list[int]] = {}
        self._where: dict[int, list[object]] = {}
        self.written_in: list[set[generic.Reference]] = []
        # offset -> (value, length of its text): a signing flow rewrites the catalog unchanged
        # in every revision, and WeasyPrint's catalog grows with the signers (a named
        # destination per signature box), so an object byte-identical to its previous version
        # is taken from that version instead of being parsed again (O(n) instead of O(n^2)).
        self._parsed: dict[int, tuple[object, int]] = {}
        self.freed_in: list[set[generic.Reference]] = []
        for revision in range(self.revisions):
            data = reader.xrefs.get_xref_data(revision)
            if data.hybrid is not None:
                raise ValueError("hybrid cross-reference sections")
            refs = {generic.Reference(i, g) for i, g in data.explicit_refs_in_revision}
            for ref in refs:
                self._written.setdefault(ref.idnum, []).append(revision)
                self._where.setdefault(ref.idnum, []).append(data.try_resolve(ref))
            self.written_in.append(refs)
            self.freed_in.append(reader.xrefs.refs_freed_in_revision(revision))

    def first_written(self, idnum: int) -> int | None:
        revisions = self._written.get(idnum)
        return revisions[0] if revisions else None

    def last_change(self, idnum: int) -> int | None:
        revisions = self._written.get(idnum)
        return revisions[-1] if revisions else None

    def location(self, ref: generic.Reference, revision: int):
        """The offset (or object-stream place) of `ref` as `revision` saw it; KeyError if none."""
        revisions = self._written.get(ref.idnum, [])
        index = bisect.bisect_right(revisions, revision) - 1
        if index < 0:
            raise KeyError(ref)
        return self._where[ref.idnum][index]

    def load(self, ref: generic.Reference, revision: int):
        revisions = self._written.get(ref.idnum, [])
        index = bisect.bisect_right(revisions, revision) - 1
        if index < 0:
            raise KeyError(ref)
        where = self._where[ref.idnum][index]
        if isinstance(where, int):
            before = self._where[ref.idnum][index - 1] if index > 0 else None
            return self._read_at(ref.idnum, where, before)
        if where is None:
            raise KeyError(ref)
        return plain(self.reader.get_object(ref, revision, transparent_decrypt=False))

    def _read_at(self, idnum: int, offset: int, before):
        if offset in self._parsed:
            return self._parsed[offset][0]
        if isinstance(before, int) and before in self._parsed:
            value, length = self._parsed[before]
            same = self.pdf[offset : offset + length] == self.pdf[before : before + length]
            # Only values that end in a closing delimiter: a number's text could go on after it,
            # and a stream's data is not in `length`.
            if same and isinstance(value, dict | list):
                self._parsed[offset] = (value, length)
                return value
        reader = ObjectReader(self.pdf, offset)
        value = reader.read(idnum)
        self._parsed[offset] = (value, reader.pos - offset)
        return value

    def stream_data(self, ref: generic.Reference, revision: int) -> bytes:
        stream = self.reader.get_object(ref, revision, transparent_decrypt=False)
        if not isinstance(stream, generic.StreamObject):
            raise ValueError("not a stream")
        return stream.data

    def trailer(self, revision: int) -> dict:
        return plain(self.reader.trailer.flatten(revision))
