"""Uploading files to import from the admin, safely.

Uploads are checked before anything is written: a size limit (settings.NEWSDESK["MAX_IMPORT_BYTES"]
per file and for the whole upload), an extension the importer reads, and content that matches it
(gzip magic for .gz, no binary bytes in text). Each file is saved under a safe basename in a fresh
temporary folder, which is the only place written, and the usual pipeline imports that folder.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from articles.store.importer import import_articles

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


def save_uploads(uploads, folder: Path) -> list[str]:
    """Write the uploads into `folder` under safe, distinct names; returns the names."""
    names = []
    for upload in uploads:
        name = safe_name(upload.name)
        stem, dot, rest = name.partition(".")
        n = 1
        while (folder / name).exists():
            n += 1
            name = f"{stem}-{n}{dot}{rest}"
        target = (folder / name).resolve()
        if target.parent != folder.resolve():  # never outside the folder, whatever the name
            raise ValueError(f"unsafe file name {upload.name!r}")
        with open(target, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        names.append(name)
    return names


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = names = None
    if request.method == "POST" and form.is_valid():
        with tempfile.TemporaryDirectory(prefix="newsdesk-upload-") as folder:
            names = save_uploads(form.cleaned_data["uploads"], Path(folder))
            report = import_articles([folder])
        model_admin.message_user(request, f"Imported {', '.join(names)}: {report.summary()}.")
    return TemplateResponse(
        request,
        "admin/articles/article/import.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": "Import articles",
            "form": form,
            "report": report,
            "names": names,
        },
    )
