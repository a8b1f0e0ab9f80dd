"""Pages of the API: a cursor over a search's ranks, and cursors over the lists of things."""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 100


class SearchCursor:
    """Where a page of search hits starts: a rank in the search's total order (score, then index
    order), written as an opaque token. Each `next` starts where the last page ended, so a walk
    returns each hit exactly once while the index does not change under it."""

    cursor_param = "cursor"
    page_size_param = "page_size"

    def __init__(self, request):
        self.request = request
        self.page_size = self.read_page_size(request.query_params.get(self.page_size_param))
        self.offset = self.read_offset(request.query_params.get(self.cursor_param))

    def read_page_size(self, value: str | None) -> int:
        if value in (None, ""):
            return settings.NEWSDESK["RESULTS_PER_PAGE"]
        if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
            raise parameter_error(
                self.page_size_param, f"A whole number from 1 to {MAX_PAGE_SIZE}."
            )
        return int(value)

    def read_offset(self, value: str | None) -> int | None:
        if value in (None, ""):
            return None
        try:
            text = base64.urlsafe_b64decode(value.encode("ascii") + b"==").decode("ascii")
        except (UnicodeError, binascii.Error, ValueError):
            text = ""
        if not text.startswith("o=") or not text[2:].isdigit():
            raise parameter_error(self.cursor_param, "Not a cursor this API made.")
        return int(text[2:])

    def encode(self, offset: int) -> str:
        return base64.urlsafe_b64encode(f"o={offset}".encode()).decode().rstrip("=")

    def link(self, offset: int | None) -> str | None:
        url = self.request.build_absolute_uri()
        if offset is None:
            return None
        url = remove_query_param(url, "page")  # the cursor decides where the page starts
        return replace_query_param(url, self.cursor_param, self.encode(offset))

    def links(self, start: int, total: int) -> dict:
        end = start + self.page_size
        return {
            "next": self.link(end) if end < total else None,
            "previous": self.link(max(0, start - self.page_size)) if start > 0 else None,
        }


def parameter_error(name: str, message: str) -> ValidationError:
    """A 400 shaped as the search's own parameter errors: {"errors": {name: [{message, code}]}}."""
    return ValidationError({"errors": {name: [{"message": message, "code": "invalid"}]}})


class ListCursorPagination(pagination.CursorPagination):
    """Entities, topics and sources in id order: stable however the list grows."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
