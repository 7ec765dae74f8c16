"""Files are recognised strictly by their content: nothing that a browser could take for a web page passes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.files import PDF, TEXT, FileRejected, inspect_upload
from tests.factories import make_pdf


def inspect(data: bytes, name: str = "paper.pdf"):
    return inspect_upload(SimpleUploadedFile(name, data))


def test_a_pdf_starts_with_its_header():
    assert inspect(make_pdf("A paper.")).content_type == PDF


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body><script>alert(1)</script>%PDF-1.4</body></html>",
        b"<!-- %PDF-1.4 --><html><script>alert(document.cookie)</script></html>",
        b"\x00\x01\x02junk before the header %PDF-1.4\n" + b"\x00" * 64,
        b"Some words first.\n%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n<script>alert(1)</script>",
    ],
    ids=["html-with-header", "comment-then-html", "binary-prefix", "text-then-header"],
)
def test_a_header_anywhere_but_at_the_start_is_not_a_pdf(data):
    with pytest.raises(FileRejected):
        inspect(data)


@pytest.mark.parametrize(
    "markup",
    [
        b"<script>alert(1)</script>",
        b"<SCRIPT src=//evil.example/x.js></SCRIPT>",
        b'<img src=x onerror="alert(1)">',
        b"<svg onload=alert(1)>",
        b'<a href="javascript:alert(1)">click</a>',
        b"<iframe src=//evil.example>",
        b'<div onclick="steal()">',
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>',
    ],
)
def test_text_that_carries_html_markup_is_refused(markup):
    text = b"Concept paper on confidence-building measures.\n" * 40 + markup + b"\nMore text.\n"
    with pytest.raises(FileRejected, match="web page"):
        inspect(text, "paper.txt")


def test_markup_hidden_far_into_a_text_file_is_found():
    text = b"Plain words about points of contact.\n" * 2000 + b"<script>alert(1)</script>\n"
    with pytest.raises(FileRejected, match="web page"):
        inspect(text, "paper.txt")


def test_utf16_text_with_markup_is_refused():
    text = ("Paper.\n" * 20 + "<script>alert(1)</script>").encode("utf-16")
    with pytest.raises(FileRejected):
        inspect(text, "paper.txt")


@pytest.mark.parametrize(
    "text",
    [
        "A paper that compares figures: 3 < 5 and 7 > 2, with <emphasis> in words.\n",
        "Les mesures de confiance « renforcées » — 2 < 3.\n",
        "Меры укрепления доверия и точки контакта.\n",
    ],
)
def test_ordinary_text_is_taken(text):
    assert inspect((text * 20).encode(), "paper.txt").content_type == TEXT


def test_a_text_download_is_an_attachment_the_browser_must_not_sniff(client, delegate, session, sub_item):
    from submissions import services

    draft = services.create_submission(by=delegate, title="Text paper", session=session, sub_items=[sub_item])
    version = services.add_version(
        submission=draft, by=delegate, file=SimpleUploadedFile("paper.txt", b"Plain words.\n" * 10), language="en"
    )
    client.force_login(delegate)
    response = client.get(reverse("submissions:download", args=[version.public_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("text/plain")
    assert b"".join(response.streaming_content) == b"Plain words.\n" * 10


def test_the_reader_is_left_at_the_start():
    upload = SimpleUploadedFile("paper.txt", b"Plain words.\n" * 10)
    inspect_upload(upload)
    assert upload.read(5) == b"Plain"
    assert isinstance(upload.file, io.BytesIO)
