"""Extraction throughput: our extractor in process beside poppler's pdftotext, on the same PDFs."""

import math
import random
import subprocess
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .prose import LANGUAGES, page_text

CORPUS_VERSION = "v1"
FONTS = {
    "latin": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Latin, Cyrillic, Arabic
    "cjk": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian fonts-wqy-microhei
}
LINES_PER_PAGE = 44


def make_pdf(path: Path, language: str, pages: int, seed: int) -> int:
    from fpdf import FPDF

    rng = random.Random(seed)
    pdf = FPDF()
    pdf.set_compression(True)
    if language == "zh":
        pdf.add_font("body", fname=FONTS["cjk"])
    else:
        pdf.add_font("body", fname=FONTS["latin"])
    pdf.set_font("body", size=10)
    for _ in range(pages):
        pdf.add_page()
        text = page_text(rng, language)
        lines = [text[i : i + 48] for i in range(0, len(text), 48)] if language == "zh" else textwrap.wrap(text, 92)
        for number, line in enumerate(lines[:LINES_PER_PAGE]):
            pdf.text(15, 18 + number * 6, line)
    path.write_bytes(bytes(pdf.output()))
    return pages


def _make(job):
    return make_pdf(*job)


def corpus(folder: Path, documents: int) -> list[tuple[Path, int]]:
    """The generated PDFs (kept between runs): 1 to 300 pages, log-uniform, all six languages."""
    rng = random.Random(20250711)
    folder = folder / f"pdfs-{CORPUS_VERSION}-{documents}"
    folder.mkdir(parents=True, exist_ok=True)
    jobs, files = [], []
    for index in range(documents):
        language = LANGUAGES[index % len(LANGUAGES)]
        pages = 1 if index == 0 else 300 if index == 1 else round(math.exp(rng.uniform(0, math.log(300))))
        path = folder / f"{index:04d}-{language}-{pages}p.pdf"
        files.append((path, pages))
        if not path.exists():
            jobs.append((path, language, pages, index))
    if jobs:
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(_make, jobs, chunksize=4))
    return files


def time_ours(files) -> float:
    from indexing.extractors import pdf

    started = time.perf_counter()
    for path, _pages in files:
        pdf.extract(str(path))
    return time.perf_counter() - started


def time_pdftotext(files) -> float:
    started = time.perf_counter()
    for path, _pages in files:
        subprocess.run(["pdftotext", "-q", str(path), "-"], stdout=subprocess.PIPE, check=True)
    return time.perf_counter() - started


def time_pipeline(files) -> float:
    """Everything a worker does to a PDF but the database: text, words, language, checksum."""
    from indexing.extractors import extract
    from indexing.language import detect_language
    from indexing.services import sha256_of
    from indexing.text import count_words

    started = time.perf_counter()
    for path, _pages in files:
        sha256_of(str(path))
        result = extract(str(path), "application/pdf")
        count_words(result.text)
        detect_language(result.text)
    return time.perf_counter() - started


def run(folder: Path, documents: int, report) -> None:
    started = time.perf_counter()
    files = corpus(folder, documents)
    pages = sum(p for _, p in files)
    report("extract_corpus_documents", documents, "docs")
    report("extract_corpus_pages", pages, "pages")
    report("extract_corpus_seconds_to_make", round(time.perf_counter() - started, 1), "s")
    for path, _ in files:  # the page cache warm for both
        path.read_bytes()
    time_ours(files[:5])
    ours, theirs = [], []
    for _round in range(2):  # alternate, keep the best of each
        ours.append(time_ours(files))
        theirs.append(time_pdftotext(files))
    ours_rate, theirs_rate = pages / min(ours), pages / min(theirs)
    report("extract_pages_per_s", round(ours_rate), "pages/s")
    report("pdftotext_pages_per_s", round(theirs_rate), "pages/s")
    report("extract_ratio_to_pdftotext", round(ours_rate / theirs_rate, 2), "x")
    report("extract_pipeline_pages_per_s", round(pages / time_pipeline(files)), "pages/s")
