"""The exception hierarchy of souverain.

    SouverainError
    ├── InputError            an article or its sidecar cannot be read
    │   ├── EncodingError     bytes that decode in no supported encoding
    │   ├── EmptyArticleError nothing left once markup and boilerplate are gone
    │   ├── DuplicateArticleError  two files with the same text
    │   └── MetadataError     a sidecar that is not valid (unknown key, bad date)
    ├── NoArticlesError       the input directory holds no article
    ├── ValidationFailed      the data violates the SHACL shapes: nothing published
    ├── ReferenceDataError    reference data or a reference endpoint is unusable
    ├── PublishError          dist/ could not be written
    └── StoreError            the query store cannot be built or opened

Messages say what went wrong, where (the file), and what to do. Nothing here
prints, logs or exits: the CLI and the HTTP error handler turn these into output.
"""

from __future__ import annotations


class SouverainError(Exception):
    """Base of every error the pipeline reports to its user."""


class InputError(SouverainError):
    """An input file cannot become an article."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EncodingError(InputError):
    pass


class EmptyArticleError(InputError):
    pass


class DuplicateArticleError(InputError):
    pass


class MetadataError(InputError):
    pass


class NoArticlesError(SouverainError):
    pass


class ValidationFailed(SouverainError):
    """SHACL validation failed; `report` is the readable report."""

    def __init__(self, report: str, violations: int) -> None:
        super().__init__(f"SHACL validation failed with {violations} violation(s); nothing was published")
        self.report = report
        self.violations = violations


class ReferenceDataError(SouverainError):
    pass


class PublishError(SouverainError):
    pass


class StoreError(SouverainError):
    pass
