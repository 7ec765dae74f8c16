"""Plain text in whatever encoding it arrives in (UTF-8/16 with or without BOM, legacy code pages)."""

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from . import Extracted, ExtractionFailed

MAX_BYTES = 50 * 1024 * 1024


def extract(path: str) -> Extracted:
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if not data.strip():
        raise ExtractionFailed(_("No text found: the document is empty."))
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return Extracted(text=data.decode(encoding, errors="replace"))
    try:
        return Extracted(text=data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:MAX_BYTES]).best()
    if best is None:
        raise ExtractionFailed(
            _("The text file's encoding could not be recognised. Save it as UTF-8 text and upload it again.")
        )
    return Extracted(text=str(best))
