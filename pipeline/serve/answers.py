"""A byte-bounded cache of serialized SPARQL answers.

The server's store is read-only and rebuilt only by a restart, so an answer
depends on nothing but the request: the query text, the negotiated formats
and the dataset parameters. Repeated queries — the example queries on the
home page, the queries behind entity pages, a dashboard polling the same
aggregate — are then answered without evaluating them again. Only complete
successful answers are kept; one answer may take at most an eighth of the
budget, so a single large result never flushes the rest.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from .worker import Answer, QueryJob

__all__ = ["AnswerCache", "job_key"]


def job_key(job: QueryJob) -> Hashable:
    """Everything an answer depends on (the store being fixed for the server's life)."""
    return (job.query, tuple(sorted(job.formats.items())), job.default_graphs, job.named_graphs)


class AnswerCache:
    """Least-recently-used answers, at most `max_bytes` of bodies in total (0: cache nothing)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Hashable, tuple[Answer, int]] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable) -> Answer | None:
        entry = self._answers.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return entry[0]

    def put(self, key: Hashable, answer: Answer, query_bytes: int = 0) -> None:
        """Keep a successful answer, evicting the least recently used ones to make room."""
        size = len(answer.body) + query_bytes
        if answer.error is not None or size > self.max_bytes // 8 or key in self._answers:
            return
        self._answers[key] = (answer, size)
        self._bytes += size
        while self._bytes > self.max_bytes:
            _, (_, evicted) = self._answers.popitem(last=False)
            self._bytes -= evicted
