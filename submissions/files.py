"""Recognise an uploaded file by its content, never by its name."""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from charset_normalizer import from_bytes
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import ActionRefused

MB = 1024 * 1024  # MAX_UPLOAD_MB counts these, as the delegate's computer shows sizes
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
    if size > settings.MAX_UPLOAD_BYTES or getattr(uploaded, "oversized", False):
        raise FileRejected(too_large_message(size))
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    content_type = sniff(head, uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return FileInfo(content_type=content_type, size=size, sha256=digest.hexdigest())


def too_large_message(size: int) -> str:
    """Sizes in MB and in bytes, so that a file one byte over the limit does not read as equal to it."""
    limit = settings.MAX_UPLOAD_BYTES
    return _(
        "The file is %(size)s MB (%(bytes)s bytes); the limit is %(limit)s MB (%(limit_bytes)s bytes). "
        "Please reduce it (for example, compress images) or split it."
    ) % {
        # Rounded (number_format alone would cut), as the browser's check rounds.
        "size": number_format(round(size / MB, 1), 1),
        "bytes": number_format(size, force_grouping=True),
        "limit": number_format(round(limit / MB, 1), 0 if limit % MB == 0 else 1),
        "limit_bytes": number_format(limit, force_grouping=True),
    }


def size_limit_attrs() -> dict:
    """For the file input: the limit, and the message with the file's sizes left as {size} and {bytes},
    so that the browser refuses a file over the limit before sending it, in the server's words."""
    message = too_large_message(0)
    zero_mb, zero_bytes = number_format(0, 1), number_format(0, force_grouping=True)
    message = message.replace(f"{zero_mb} MB ({zero_bytes} ", "{size} MB ({bytes} ", 1)
    return {"data-max-bytes": str(settings.MAX_UPLOAD_BYTES), "data-too-large": message}


# Markup that makes a "text" file a web page: refused, so that no copy of it can ever run as one.
HTML_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|object|embed|svg|math|meta|link|style|form|img|"
    rb"base|a\s[^>]*href|[a-z]+\s[^>]*\bon[a-z]+\s*=)|<\?xml",
    re.IGNORECASE,
)


def sniff(head: bytes, fileobj) -> str:
    accepted = _("Accepted formats: PDF, Word (DOCX), OpenDocument text (ODT) and plain text.")
    # Strict: a PDF starts with its header. Readers forgive bytes before it, and so a page or a
    # script could pass for a PDF by carrying "%PDF-" somewhere in its first kilobyte.
    if head.startswith(b"%PDF-"):
        return PDF
    if b"%PDF-" in head[:1024] and not _looks_like_text(head):
        raise FileRejected(
            _(
                "This file has other data before the start of its PDF content. Save it again as PDF and upload the new copy."
            )
        )
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(fileobj, accepted)
    for signature, name in KNOWN_OTHERS:
        if head.startswith(signature):
            raise FileRejected(_("This file is %(kind)s. %(accepted)s") % {"kind": name, "accepted": accepted})
    if _looks_like_text(head):
        if HTML_MARKUP.search(_text_sample(head, fileobj)):
            raise FileRejected(
                _(
                    "This file contains web page (HTML) markup. Save it as PDF, or as plain text without markup. %(accepted)s"
                )
                % {"accepted": accepted}
            )
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


def _text_sample(head: bytes, fileobj, limit: int = 256 * 1024) -> bytes:
    """The start of a text file as ASCII-compatible bytes (UTF-16 decoded), where markup is looked for."""
    fileobj.seek(0)
    sample = fileobj.read(limit)
    fileobj.seek(0)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return sample.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    return sample


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    # Cut at a line end so that a multi-byte character is not split.
    sample = head[: head.rfind(b"\n") + 1] or head
    best = from_bytes(sample).best()
    return best is not None


# --- Receiving an upload ------------------------------------------------------------------
class OversizedUpload(UploadedFile):
    """Stands for a file that went past the limit: its size is known, its bytes were not kept."""

    oversized = True

    def __init__(self, name, content_type, size, charset=None, content_type_extra=None):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)


class LimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: past MAX_UPLOAD_BYTES a file's bytes are counted, not kept.

    The handlers after it (memory, then a temporary file) get nothing once the limit is passed, and
    nothing at all when the request announces more than the limit: an 80 MB upload is not written
    to disk, and the form says how large it was. The proxy in front refuses far larger requests
    before they reach the portal (README, "Production").
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # The other fields of the form are small (DATA_UPLOAD_MAX_MEMORY_SIZE caps them).
        slack = (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) + 64 * 1024
        self.request_too_large = content_length > settings.MAX_UPLOAD_BYTES + slack

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = getattr(self, "request_too_large", False)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_BYTES:
            self.over = True
        return None if self.over else raw_data

    def file_complete(self, file_size):
        if not self.over:
            return None  # the next handler keeps the file
        return OversizedUpload(self.file_name, self.content_type, self.received, self.charset, self.content_type_extra)
