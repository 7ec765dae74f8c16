"""Word (DOCX) and OpenDocument (ODT) text, read from the XML inside the zip, defended against zip bombs."""

import zipfile

from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from . import Extracted, ExtractionFailed

# The XML of a 300-page paper is a few MB; a part expanding beyond this is hostile or broken.
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # uncompressed/compressed: text XML compresses ~10x, bombs ~1000x

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
META_NS = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
APP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"

DAMAGED = _("The document is damaged and cannot be read. Save it again from your word processor and upload it again.")


def _open(path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ExtractionFailed(
            _(
                "The file is not a valid Word or OpenDocument file (it is not a zip archive inside). "
                "Save it again from your word processor and upload it again."
            )
        )


def _check_part(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ExtractionFailed(DAMAGED)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_PART_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
        raise ExtractionFailed(
            _(
                "The document expands to an implausible size when opened (a “zip bomb”) and was not read. "
                "Save it again from your word processor and upload it again."
            )
        )
    return info


def _docx_paragraphs(archive: zipfile.ZipFile, name: str):
    """Stream the text of one XML part, paragraph by paragraph, without holding the tree."""
    _check_part(archive, name)
    current: list[str] = []
    try:
        with archive.open(name) as stream:
            for _event, element in iterparse(stream):
                tag = element.tag
                if tag == f"{W}t":
                    current.append(element.text or "")
                elif tag == f"{W}tab":
                    current.append("\t")
                elif tag in (f"{W}br", f"{W}cr"):
                    current.append("\n")
                elif tag == f"{W}p":
                    yield "".join(current)
                    current = []
                    element.clear()
    except Exception:  # defusedxml refusals, XML syntax errors, truncated or corrupt streams
        raise ExtractionFailed(DAMAGED)
    if current:
        yield "".join(current)


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def extract_docx(path: str) -> Extracted:
    with _open(path) as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ExtractionFailed(DAMAGED)
        text_parts = []
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if part in names:
                text_parts.extend(_docx_paragraphs(archive, part))
        pages = None
        if "docProps/app.xml" in names:
            _check_part(archive, "docProps/app.xml")
            try:
                for _event, element in iterparse(archive.open("docProps/app.xml")):
                    if element.tag == f"{APP_NS}Pages":
                        pages = _int_or_none(element.text)
            except Exception:  # the page count is a nicety; a broken app.xml does not fail the file
                pages = None
        return Extracted(text="\n".join(text_parts), pages=pages or None)


def extract_odt(path: str) -> Extracted:
    with _open(path) as archive:
        names = set(archive.namelist())
        if "content.xml" not in names:
            raise ExtractionFailed(DAMAGED)
        # ODT nests spans inside paragraphs, with text in .text and .tail: flatten with itertext.
        _check_part(archive, "content.xml")
        paragraphs = []
        try:
            with archive.open("content.xml") as stream:
                for _event, element in iterparse(stream):
                    if element.tag in (f"{TEXT_NS}p", f"{TEXT_NS}h"):
                        paragraphs.append(_odt_text(element))
                        element.clear()
        except Exception:
            raise ExtractionFailed(DAMAGED)
        pages = None
        if "meta.xml" in names:
            _check_part(archive, "meta.xml")
            try:
                for _event, element in iterparse(archive.open("meta.xml")):
                    if element.tag == f"{META_NS}document-statistic":
                        pages = _int_or_none(element.get(f"{META_NS}page-count"))
            except Exception:
                pages = None
        return Extracted(text="\n".join(paragraphs), pages=pages or None)


def _odt_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT_NS}s":
            parts.append(" " * (_int_or_none(child.get(f"{TEXT_NS}c")) or 1))
        elif child.tag == f"{TEXT_NS}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT_NS}line-break":
            parts.append("\n")
        else:
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
