"""Index files read straight from a memory map, without copying them into the process.

Whoosh's own mmap path (`CompoundStorage` + `BufferFile`) wraps each segment's map in
`BytesIO(buffer)`, which copies the whole segment: at 100k articles opening a searcher took ~0.4 s
and ~500 MB of private memory, and a one-article commit paid it again on refresh. Here the storage
says it does not mmap, so `CompoundStorage` asks the file it was given for `subset()`s; our files
hand out views of one shared read-only map instead. Pages are shared with the OS cache and with
every other process reading the same index.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
from array import array

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.system import IS_LITTLE

_INT = struct.Struct("!i")
_UINT = struct.Struct("!I")
_USHORT = struct.Struct("!H")
_LONG = struct.Struct("!q")
_ULONG = struct.Struct("!Q")
_FLOAT = struct.Struct("!f")
_SBYTE = struct.Struct("b")


def value_getter(packed: struct.Struct):
    """A `get_*` method of MappedFile: the value `packed` describes, unpacked at a position."""
    unpack_from = packed.unpack_from

    def get(self, position):
        return unpack_from(self._view, position)[0]

    return get


def value_reader(packed: struct.Struct):
    """A `read_*` method of MappedFile: the value `packed` describes, unpacked where the file is,
    moving past it."""
    unpack_from, size = packed.unpack_from, packed.size

    def read(self):
        value = unpack_from(self._view, self._pos)[0]
        self._pos += size
        return value

    return read


class MappedFile(StructFile):
    """A seekable, read-only StructFile over a memoryview; `subset()` is a view, not a copy."""

    def __init__(self, view: memoryview, name=None, owner=None):
        self._view = view
        self._length = len(view)
        self._pos = 0
        self._name = name
        self._owner = owner  # the mmap, on the file that opened it; None on subsets
        self.file = self
        self.onclose = None
        self.is_closed = False
        self.is_real = False

    # The file protocol StructFile's readers use.
    def read(self, size=-1):
        start = self._pos
        end = self._length if size is None or size < 0 else min(start + size, self._length)
        self._pos = end
        return self._view[start:end].tobytes()

    def readline(self, size=-1):
        end = self._length if size is None or size < 0 else min(self._pos + size, self._length)
        stop = self._pos
        while stop < end:
            chunk = self._view[stop : min(stop + 256, end)].tobytes()
            newline = chunk.find(b"\n")
            if newline >= 0:
                stop += newline + 1
                break
            stop += len(chunk)
        return self.read(stop - self._pos)

    def seek(self, where, whence=0):
        if whence == os.SEEK_CUR:
            where += self._pos
        elif whence == os.SEEK_END:
            where += self._length
        self._pos = max(0, where)
        return self._pos

    def tell(self):
        return self._pos

    def __iter__(self):
        while line := self.readline():
            yield line

    def raw_file(self):
        return self

    def flush(self):
        pass

    def write(self, *args, **kwargs):
        raise OSError(f"{self._name}: index files are read-only here")

    def close(self):
        if self.is_closed:
            return
        self.is_closed = True
        self._view.release()
        if self._owner is not None:
            # Subsets may still hold views (a reader not closed yet); the map closes when they go.
            with contextlib.suppress(BufferError):
                self._owner.close()

    # Random access, unpacked in place.
    def subset(self, position, length, name=None):
        return MappedFile(self._view[position : position + length], name=name or self._name)

    def get(self, position, length):
        return self._view[position : position + length].tobytes()

    def get_byte(self, position):
        return self._view[position]

    get_sbyte = value_getter(_SBYTE)
    get_int = value_getter(_INT)
    get_uint = value_getter(_UINT)
    get_ushort = value_getter(_USHORT)
    get_long = value_getter(_LONG)
    get_ulong = value_getter(_ULONG)
    get_float = value_getter(_FLOAT)

    def get_array(self, position, typecode, length):
        values = array(typecode)
        values.frombytes(self._view[position : position + length * values.itemsize])
        if IS_LITTLE:
            values.byteswap()
        return values

    def read_array(self, typecode, length):
        values = self.get_array(self._pos, typecode, length)
        self._pos += length * values.itemsize
        return values

    def read_byte(self):
        value = self._view[self._pos]
        self._pos += 1
        return value

    read_int = value_reader(_INT)
    read_long = value_reader(_LONG)


class MappedFileStorage(FileStorage):
    """A FileStorage whose files are read from a shared memory map with no private copy."""

    def __init__(self, path, readonly=False, debug=False):
        # supports_mmap=False keeps CompoundStorage from making its copying BufferFile; it then
        # takes zero-copy `subset()`s of the MappedFile that open_file returns.
        super().__init__(path, supports_mmap=False, readonly=readonly, debug=debug)

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return StructFile(open(self._fpath(name), "rb"), name=name, **kwargs)
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return MappedFile(memoryview(mapped), name=name, owner=mapped)
