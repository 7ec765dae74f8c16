"""A small corpus of good and hostile files, made by the tests themselves.

Each maker returns bytes; `CORPUS` names every case with its content type and the state
the pipeline must end it in (and, for failures, words the reason must contain).
"""

import io
import zipfile

from tests.factories import make_pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PDF = "application/pdf"
TEXT = "text/plain"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def encrypted_pdf(text: str = "Secret capacity-building plan.") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A 'scan': one page holding a picture of text, and no text."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 200), color=255)
    ImageDraw.Draw(image).text((20, 80), "Scanned page: points of contact", fill=0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    return bytes(pdf.output())


def zero_page_pdf() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def truncated_pdf() -> bytes:
    whole = make_pdf("Truncated paper on confidence-building measures.", pages=6)
    return whole[: len(whole) // 3]


def docx(paragraphs: list[str], *, pages: int | None = 3) -> bytes:
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r><w:r><w:tab/><w:t>end</w:t></w:r></w:p>'
        for p in paragraphs
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>',
        )
        if pages:
            archive.writestr(
                "docProps/app.xml",
                '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'extended-properties"><Pages>{pages}</Pages></Properties>',
            )
    return buffer.getvalue()


def docx_zip_bomb() -> bytes:
    """A DOCX whose document.xml expands a thousandfold (only 8 MB here, to stay quick)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (8 * 1024 * 1024) + b"</w:document>")
    return buffer.getvalue()


def docx_entity_bomb() -> bytes:
    """'Billion laughs': XML entities that expand exponentially."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    )
    xml = f'<?xml version="1.0"?><!DOCTYPE w [{entities}]><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def not_a_zip_docx() -> bytes:
    return b"PK\x03\x04" + b"this is not really a zip archive" * 20


def odt(paragraphs: list[str], *, pages: int = 2) -> bytes:
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    meta_ns = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
    body = "".join(
        f'<text:p>{p[:10]}<text:span>{p[10:]}</text:span><text:s text:c="2"/>end</text:p>' for p in paragraphs
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT)
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office_ns}" '
            f'xmlns:text="{text_ns}"><office:body><office:text><text:h>Heading</text:h>{body}'
            "</office:text></office:body></office:document-content>",
        )
        archive.writestr(
            "meta.xml",
            f'<?xml version="1.0"?><office:document-meta xmlns:office="{office_ns}" xmlns:meta="{meta_ns}">'
            f'<office:meta><meta:document-statistic meta:page-count="{pages}"/></office:meta></office:document-meta>',
        )
    return buffer.getvalue()


RUSSIAN = "Рабочая группа обсудила потребности в наращивании потенциала и контактные пункты для всех государств."
FRENCH = "Le groupe de travail a examiné les besoins en matière de renforcement des capacités et les points de contact."
ARABIC = "ناقش الفريق العامل احتياجات بناء القدرات ونقاط الاتصال لجميع الدول في إطار الأمن السيبراني والتعاون الدولي."
CHINESE = "工作组讨论了能力建设需求以及所有国家的联络点问题，并强调了信息和通信技术安全的重要性和国际合作。"
SPANISH = (
    "El grupo de trabajo examinó las necesidades de creación de capacidad y los puntos de contacto de los Estados."
)
ENGLISH = "The working group discussed capacity-building needs and points of contact for all States in the region."

# name: (bytes maker, content type, expected state, words the failure reason contains)
CORPUS = {
    "good.pdf": (lambda: make_pdf(ENGLISH, pages=3), PDF, "indexed", ""),
    "encrypted.pdf": (encrypted_pdf, PDF, "failed", "password-protected"),
    "image-only.pdf": (image_only_pdf, PDF, "failed", "scan"),
    "zero-pages.pdf": (zero_page_pdf, PDF, "failed", "damaged"),
    "corrupt.pdf": (corrupt_pdf, PDF, "failed", "damaged"),
    "truncated.pdf": (truncated_pdf, PDF, None, ""),  # PDFium may recover some pages: either state, clearly
    "good.docx": (lambda: docx([ENGLISH, FRENCH]), DOCX, "indexed", ""),
    "zip-bomb.docx": (docx_zip_bomb, DOCX, "failed", "zip bomb"),
    "entity-bomb.docx": (docx_entity_bomb, DOCX, "failed", "damaged"),
    "not-a-zip.docx": (not_a_zip_docx, DOCX, "failed", "not a valid"),
    "good.odt": (lambda: odt([FRENCH, SPANISH]), ODT, "indexed", ""),
    "utf8.txt": (lambda: (CHINESE + "\n" + ARABIC).encode("utf-8"), TEXT, "indexed", ""),
    "utf16-bom.txt": (lambda: ("\ufeff" + RUSSIAN).encode("utf-16-le"), TEXT, "indexed", ""),
    "cp1251.txt": (lambda: (RUSSIAN + " " + RUSSIAN).encode("cp1251"), TEXT, "indexed", ""),
    "latin1.txt": (lambda: (FRENCH + " " + FRENCH).encode("cp1252"), TEXT, "indexed", ""),
    "gb18030.txt": (lambda: (CHINESE * 2).encode("gb18030"), TEXT, "indexed", ""),
    "empty.txt": (lambda: b"   \n\n  ", TEXT, "failed", "empty"),
}
