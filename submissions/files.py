"""Recognise an uploaded file by its content, never by its name."""

import hashlib
import zipfile
from dataclasses import dataclass

from charset_normalizer import from_bytes
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import ActionRefused

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT = "text/plain"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt", TEXT: ".txt"}
LABELS = {PDF: "PDF", DOCX: "Word (DOCX)", ODT: "OpenDocument text (ODT)", TEXT: gettext_lazy("plain text")}

# Signatures of files that people attach by mistake, so the message can name them.
KNOWN_OTHERS = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_lazy("an old Microsoft Office (97-2003) file")),
    (b"\x89PNG\r\n\x1a\n", gettext_lazy("a PNG image")),
    (b"\xff\xd8\xff", gettext_lazy("a JPEG image")),
    (b"GIF8", gettext_lazy("a GIF image")),
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a program")),
    (b"{\\rtf", gettext_lazy("a Rich Text (RTF) file")),
    (b"Rar!", gettext_lazy("a RAR archive")),
    (b"\x1f\x8b", gettext_lazy("a compressed (gzip) archive")),
    (b"7z\xbc\xaf", gettext_lazy("a 7-Zip archive")),
]


class FileRejected(ActionRefused):
    """The upload cannot be accepted; the message is written for the delegate."""


@dataclass(frozen=True)
class FileInfo:
    content_type: str
    size: int
    sha256: str

    @property
    def label(self) -> str:
        return LABELS[self.content_type]


def inspect_upload(uploaded) -> FileInfo:
    """Check size and kind of an uploaded file; raise FileRejected with a clear reason."""
    size = uploaded.size or 0
    if size == 0:
        raise FileRejected(_("The file is empty. Please choose the file of your paper again."))
    if size > settings.MAX_UPLOAD_BYTES:
        raise FileRejected(
            _(
                "The file is %(size)s; the limit is %(limit)s. Please reduce it (for example, compress images) or split it."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    content_type = sniff(head, uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return FileInfo(content_type=content_type, size=size, sha256=digest.hexdigest())


def sniff(head: bytes, fileobj) -> str:
    accepted = _("Accepted formats: PDF, Word (DOCX), OpenDocument text (ODT) and plain text.")
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(fileobj, accepted)
    for signature, name in KNOWN_OTHERS:
        if head.startswith(signature):
            raise FileRejected(_("This file is %(kind)s. %(accepted)s") % {"kind": name, "accepted": accepted})
    if _looks_like_text(head):
        lowered = head[:512].lstrip().lower()
        if lowered.startswith((b"<!doctype html", b"<html")):
            raise FileRejected(_("This file is a web page (HTML). %(accepted)s") % {"accepted": accepted})
        return TEXT
    raise FileRejected(_("This file's format is not recognised. %(accepted)s") % {"accepted": accepted})


def _sniff_zip(fileobj, accepted: str) -> str:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise FileRejected(
            _("The file looks like a Word or OpenDocument file but is damaged. Please save it again and re-upload it.")
        )
    finally:
        fileobj.seek(0)
    raise FileRejected(_("This file is a ZIP archive, not a text document. %(accepted)s") % {"accepted": accepted})


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    # Cut at a line end so that a multi-byte character is not split.
    sample = head[: head.rfind(b"\n") + 1] or head
    best = from_bytes(sample).best()
    return best is not None
