"""Text extraction, one module per format, chosen by the content type sniffed at upload.

Every extractor takes a local file path and returns an `Extracted`, or raises
`ExtractionFailed` whose message tells a person what is wrong with the file and what to do.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from submissions.files import DOCX, ODT, PDF, TEXT

from ..text import normalise_extracted

# More text than any paper holds; beyond it the text is cut, so that one file cannot
# fill the database or the index.
MAX_TEXT_CHARS = 5_000_000


class ExtractionFailed(Exception):
    """The file cannot be read; str(error) is the reason shown to the delegate and the Secretariat."""


@dataclass
class Extracted:
    text: str
    pages: int | None = None


def extract(path: str, content_type: str) -> Extracted:
    from . import office, pdf, plaintext

    extractors = {PDF: pdf.extract, DOCX: office.extract_docx, ODT: office.extract_odt, TEXT: plaintext.extract}
    if content_type not in extractors:
        raise ExtractionFailed(_("The portal cannot read this kind of file (%(type)s).") % {"type": content_type})
    result = extractors[content_type](path)
    # Soft hyphens and other invisible characters would show as boxes in the preview and split words
    # in the index: normalised once, here, for every format.
    result.text = normalise_extracted(result.text)[:MAX_TEXT_CHARS]
    if not result.text.strip():
        if content_type == PDF:
            raise ExtractionFailed(
                _(
                    "No text found: the PDF seems to be a scan (pages of images). Upload a PDF saved from "
                    "the word processor, or run text recognition (OCR) on it first."
                )
            )
        raise ExtractionFailed(_("No text found: the document is empty."))
    return result
