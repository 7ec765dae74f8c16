"""PDF text with PDFium (pypdfium2), in process: about as fast as poppler's pdftotext (see `make bench`)."""

import pypdfium2 as pdfium
from django.utils.translation import gettext as _

from . import Extracted, ExtractionFailed


def is_encrypted(path: str) -> bool:
    """Whether the file declares encryption (an /Encrypt entry, found in its trailer or xref stream)."""
    with open(path, "rb") as handle:
        head = handle.read(64 * 1024)  # a linearized PDF has its first trailer near the start
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 256 * 1024))
        tail = handle.read()
    return b"/Encrypt" in head or b"/Encrypt" in tail


def reason_for(error: Exception, path: str) -> str:
    # PDFium's last error is process-wide and not always reset: trust the file, not only the code.
    message = str(error).lower()
    if is_encrypted(path):
        if "password" in message:
            return _("The PDF is password-protected. Upload a copy without a password.")
        return _("The PDF is encrypted with a method the portal cannot read. Upload a copy without encryption.")
    if "security" in message:
        return _("The PDF is encrypted with a method the portal cannot read. Upload a copy without encryption.")
    if "file access" in message or "not found" in message:
        return _("The stored file could not be opened. Please upload it again.")
    return _(
        "The PDF is damaged or incomplete and cannot be read. Export it again from the original document "
        "and upload the new copy."
    )


def extract(path: str) -> Extracted:
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise ExtractionFailed(reason_for(error, path))
    try:
        pages = len(document)
        if pages == 0:
            raise ExtractionFailed(_("The PDF has no pages."))
        parts = []
        for index in range(pages):
            # Each page and its text are closed at once, so memory stays that of one page.
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    parts.append(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
        # A form feed between pages, as pdftotext writes it.
        return Extracted(text="\f".join(parts), pages=pages)
    except pdfium.PdfiumError as error:
        raise ExtractionFailed(reason_for(error, path))
    finally:
        document.close()
