"""Files of marshalled batches, each after its size: the writers' run files of spilled
postings (``indexer.writer``) and their notes for the duplicate finder
(``indexer.duplicates``), both written and read back by the same job.

``marshal.load`` from a file asks the file for every object's bytes apart (a Python call
each); reading a batch whole and unmarshalling it from memory took a quarter of a
25,000-article segment's commit down to a few percent. marshal's format may change between
Python versions: these files never outlive the job that wrote them.
"""

from __future__ import annotations

import marshal
import struct
from collections.abc import Iterator
from typing import BinaryIO

_SIZE = struct.Struct("<Q")


def write_batch(file: BinaryIO, batch: object) -> None:
    """Append ``batch`` (anything marshal takes) to ``file``."""
    data = marshal.dumps(batch)
    file.write(_SIZE.pack(len(data)) + data)


def read_batches(file: BinaryIO) -> Iterator[object]:
    """Each batch of ``file``, from where it stands, in the order written.

    >>> import io
    >>> f = io.BytesIO()
    >>> write_batch(f, [1, 2]); write_batch(f, ("words", ["fever"]))
    >>> _ = f.seek(0)
    >>> list(read_batches(f))
    [[1, 2], ('words', ['fever'])]
    """
    while header := file.read(_SIZE.size):
        yield marshal.loads(file.read(_SIZE.unpack(header)[0]))
