"""One report: report.md (and the charts and records beside it) → report.html, report.pdf, report.docx."""

import html as html_module
import os
import re

from . import citations as citations_module
from .docx_out import DocxWriter
from .document import has_hangul, headings, parse
from .fonts import font_face_css
from .html_out import HtmlWriter, body_html, document_html
from .labels import LABELS
from .pdf_out import write_pdf
from .style import PRINT, SCREEN

MAX_MARKDOWN_BYTES = 5 * 1024 * 1024
# fontTools stamps each font it saves with the time, unless SOURCE_DATE_EPOCH fixes it (reproducible builds);
# WeasyPrint saves its font subsets that way, so this keeps the same report the same bytes.
FIXED_EPOCH = "946684800"


class RenderError(Exception):
    """The report cannot be rendered (no report.md, or it is too large)."""


def _write_atomic(path, data):
    temp = f"{path}.tmp"
    with open(temp, "w" if isinstance(data, str) else "wb", **({"encoding": "utf-8"} if isinstance(data, str) else {})) as f:
        f.write(data)
    os.replace(temp, path)


def render(artifacts_dir, source="report.md"):
    """Renders the report in place; returns {"files": [{path, size}], "pages": n, "warnings": [...]}."""
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    md_path = os.path.join(artifacts_dir, source)
    try:
        fd = os.open(md_path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as err:
        raise RenderError(f"{source} was not written (or is a link): {err.strerror}") from err
    with os.fdopen(fd, "rb") as f:
        raw = f.read(MAX_MARKDOWN_BYTES + 1)
    if len(raw) > MAX_MARKDOWN_BYTES:
        raise RenderError(f"{source} is larger than {MAX_MARKDOWN_BYTES} bytes")
    markdown_text = raw.decode("utf-8", errors="replace")

    blocks = parse(markdown_text)
    lang = "ko" if has_hangul(markdown_text) else "en"
    labels = LABELS[lang]
    titles = [text for level, text in headings(blocks) if level == 1]
    title = titles[0] if titles else "Report"
    cites = citations_module.load(artifacts_dir)

    html_writer = HtmlWriter(artifacts_dir, cites, labels)
    body = body_html(blocks, html_writer)
    html_path = os.path.join(artifacts_dir, "report.html")
    _write_atomic(html_path, document_html(title, lang, body, SCREEN))

    pdf_path = os.path.join(artifacts_dir, "report.pdf")
    fonts = font_face_css(html_module.unescape(re.sub(r"<[^>]+>", " ", body)) + title)
    pages = write_pdf(document_html(title, lang, body, fonts + SCREEN + PRINT), f"{pdf_path}.tmp")
    os.replace(f"{pdf_path}.tmp", pdf_path)

    docx_path = os.path.join(artifacts_dir, "report.docx")
    docx_writer = DocxWriter(artifacts_dir, cites, labels, title)
    docx_writer.write(blocks, f"{docx_path}.tmp")
    os.replace(f"{docx_path}.tmp", docx_path)

    files = [{"path": name, "size": os.path.getsize(os.path.join(artifacts_dir, name))}
             for name in ("report.html", "report.pdf", "report.docx")]
    warnings = sorted(set(html_writer.warnings + docx_writer.warnings))
    return {"files": files, "pages": pages, "citations": len(cites), "warnings": warnings}
