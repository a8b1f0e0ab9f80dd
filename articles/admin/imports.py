"""Uploading files to import from the admin, safely.

Uploads are checked before anything is written: a size limit (settings.NEWSDESK["MAX_IMPORT_BYTES"]
per file and for the whole upload), an extension the importer reads, and content that matches it
(gzip magic for .gz, no binary bytes in text). Each file is kept under a safe basename
with its job, and the job writes it into a fresh temporary folder, the only place written, which the
usual pipeline imports.
The import runs as a job on the task queue (articles/jobs/): the page answers at once and sends
the curator to the job's page, which follows it to its report.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.jobs.queue import start_import

TEXT_EXTENSIONS = {"txt", "html", "htm", "xml", "rss", "atom", "jsonl", "json", "csv"}
GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 8192


def max_import_bytes() -> int:
    return int(settings.NEWSDESK.get("MAX_IMPORT_BYTES", 50 * 1024 * 1024))


def safe_name(name: str) -> str:
    """The bare file name, without folders, drive letters or characters a shell or filesystem
    could misread: "../../etc/passwd" -> "passwd", "C:\\x\\a b.csv" -> "a_b.csv"."""
    name = unicodedata.normalize("NFKC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.-]+", "_", name).strip("._")
    return name[:120] or "upload"


def extension_of(name: str) -> tuple[str, bool]:
    """("csv", True) for "a.csv.gz", ("csv", False) for "a.csv", ("gz", True) for "a.gz"."""
    parts = name.lower().split(".")[1:]
    gzipped = bool(parts) and parts[-1] == "gz"
    if gzipped:
        parts.pop()
    return (parts[-1] if parts else ("gz" if gzipped else "")), gzipped


def check_upload(upload) -> str | None:
    """What is wrong with this uploaded file, or None."""
    name = upload.name
    if upload.size > max_import_bytes():
        return f"{name}: larger than the import limit of {max_import_bytes():,} bytes"
    if upload.size == 0:
        return f"{name}: empty file"
    extension, gzipped = extension_of(safe_name(name))
    if extension not in TEXT_EXTENSIONS and not (gzipped and extension == "gz"):
        allowed = ", ".join(f".{e}" for e in sorted(TEXT_EXTENSIONS | {"gz"}))
        return f"{name}: not a file type the importer reads ({allowed})"
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if gzipped and not head.startswith(GZIP_MAGIC):
        return f"{name}: named .gz but not gzip-compressed"
    if not gzipped and (head.startswith(GZIP_MAGIC) or b"\x00" in head):
        return f"{name}: binary content, not a .{extension} text file"
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)  # check_upload names the empty file
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class ImportForm(forms.Form):
    # Not "files": that name is the form's own attribute holding the raw uploads.
    uploads = MultipleFileField(
        label="Files",
        error_messages={"required": "Choose at least one file."},
        help_text=".txt, .html, .xml, .rss, .atom, .jsonl, .json, .csv, each optionally .gz",
    )

    def clean_uploads(self):
        uploads = self.cleaned_data["uploads"]
        problems = [problem for upload in uploads if (problem := check_upload(upload))]
        if sum(upload.size for upload in uploads) > max_import_bytes():
            problems.append(f"The files together exceed the limit of {max_import_bytes():,} bytes.")
        if problems:
            raise forms.ValidationError(problems)
        return uploads


def upload_contents(uploads) -> list[tuple[str, bytes]]:
    """(safe distinct name, bytes) for each upload, as the import job keeps them."""
    names: set[str] = set()
    files = []
    for upload in uploads:
        name = distinct_name(safe_name(upload.name), names)
        names.add(name)
        files.append((name, b"".join(upload.chunks())))
    return files


def distinct_name(name: str, taken) -> str:
    stem, dot, rest = name.partition(".")
    n = 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}{dot}{rest}"
    return name


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(upload_contents(form.cleaned_data["uploads"]), user=request.user)
        model_admin.message_user(request, f"Import of {job.description} queued as job #{job.pk}.")
        return HttpResponseRedirect(reverse("admin:articles_job_change", args=[job.pk]))
    return TemplateResponse(
        request,
        "admin/articles/article/import.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": "Import articles",
            "form": form,
        },
    )
