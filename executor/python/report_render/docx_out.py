"""The editable Word document (python-docx), written from the same document tree as the HTML and PDF."""

import datetime
import io
import zipfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Pt, RGBColor

from .citations import format_value, split_citations
from .images import ImageRefused, png_size, read_image

LATIN_FONT = "Noto Sans"
# Word applies the East Asian font to Hangul; Malgun Gothic is what Korean Windows and Office ship.
EAST_ASIAN_FONT = "Malgun Gothic"
MONO_FONT = "Consolas"
TEXT_WIDTH = Inches(6.3)
FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
ALIGN = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}


def _fonts(rpr_owner, latin, east_asian):
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


class DocxWriter:
    def __init__(self, artifacts_dir, citations, labels, title):
        self.dir = artifacts_dir
        self.citations = citations
        self.known = {c.id for c in citations}
        self.labels = labels
        self.warnings = []
        self.doc = Document()
        self.doc.core_properties.title = title
        self.doc.core_properties.author = "agentcore-vpc-platform"
        self.doc.core_properties.created = FIXED_TIME
        self.doc.core_properties.modified = FIXED_TIME
        self.doc.core_properties.last_modified_by = "agentcore-vpc-platform"
        self.doc.core_properties.revision = 1
        names = ["Normal", "Title", "Caption", "Quote"] + [f"Heading {n}" for n in range(1, 7)]
        for name in names:
            _fonts(self.doc.styles[name].element, LATIN_FONT, EAST_ASIAN_FONT)
        self.doc.styles["Normal"].font.size = Pt(10.5)

    # inline content -------------------------------------------------------------------------------------------
    def runs(self, paragraph, nodes, bold=False, italic=False, code=False):
        for n in nodes:
            if n.tag == "text":
                self.text(paragraph, n.text, bold, italic, code)
            elif n.tag == "strong":
                self.runs(paragraph, n.children, True, italic, code)
            elif n.tag == "em":
                self.runs(paragraph, n.children, bold, True, code)
            elif n.tag == "code":
                self.text(paragraph, n.plain(), bold, italic, True)
            elif n.tag == "br":
                paragraph.add_run().add_break()
            elif n.tag == "img":
                self.picture(paragraph, n)
            elif n.tag == "a":
                href = n.attrs.get("href", "")
                self.runs(paragraph, n.children, bold, italic, code)
                if href.startswith(("http://", "https://", "mailto:")) and n.plain() != href:
                    self.text(paragraph, f" ({href})", bold, italic, code)
            else:
                self.runs(paragraph, n.children, bold, italic, code)

    def text(self, paragraph, value, bold, italic, code):
        parts = [("text", value)] if code else split_citations(value, self.known)
        for kind, part in parts:
            run = paragraph.add_run(f"[{part}]" if kind == "cite" else part)
            run.bold = bold or None
            run.italic = italic or None
            if code:
                run.font.name = MONO_FONT
                _fonts(run._element, MONO_FONT, EAST_ASIAN_FONT)
                run.font.size = Pt(9)
            if kind == "cite":
                run.font.color.rgb = RGBColor(0x1F, 0x5F, 0xA8)
                run.font.size = Pt(8.5)

    def picture(self, paragraph, node):
        src = node.attrs.get("src", "")
        try:
            data, _mime = read_image(self.dir, src)
        except ImageRefused as why:
            self.warnings.append(str(why))
            paragraph.add_run(f"[{self.labels['missing_image']}: {src}]").italic = True
            return
        size = png_size(data)
        # Full text width, but never wider than the image at 150 dpi.
        width = TEXT_WIDTH if size is None else min(TEXT_WIDTH, Emu(int(size[0] / 150 * 914400)))
        paragraph.add_run().add_picture(io.BytesIO(data), width=width)

    # blocks ---------------------------------------------------------------------------------------------------
    def block(self, n, list_depth=0):
        tag = n.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            heading = self.doc.add_heading(level=int(tag[1]))
            self.runs(heading, n.children)
        elif tag == "p":
            paragraph = self.doc.add_paragraph()
            only_image = len(n.children) == 1 and n.children[0].tag == "img"
            self.runs(paragraph, n.children)
            if only_image:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                alt = n.children[0].attrs.get("alt", "")
                if alt:
                    caption = self.doc.add_paragraph(style="Caption")
                    caption.add_run(alt)
                    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif tag in ("ul", "ol"):
            self.list(n, tag, list_depth + 1)
        elif tag == "table":
            self.table(n)
        elif tag == "pre":
            paragraph = self.doc.add_paragraph()
            self.text(paragraph, n.plain().rstrip("\n"), False, False, True)
        elif tag == "blockquote":
            for child in n.children:
                if child.tag == "p":
                    paragraph = self.doc.add_paragraph(style="Quote")
                    self.runs(paragraph, child.children)
                else:
                    self.block(child, list_depth)
        elif tag == "hr":
            self.doc.add_paragraph()
        elif tag == "text":
            if n.text.strip():
                self.runs(self.doc.add_paragraph(), [n])

    def list(self, n, tag, depth):
        base = "List Bullet" if tag == "ul" else "List Number"
        style = base if depth == 1 else f"{base} {min(depth, 3)}"
        for item in n.children:
            if item.tag != "li":
                continue
            paragraph = self.doc.add_paragraph(style=style)
            inline = [c for c in item.children if c.tag not in ("ul", "ol", "p")]
            paras = [c for c in item.children if c.tag == "p"]
            self.runs(paragraph, inline + [g for p in paras[:1] for g in p.children])
            for child in item.children:
                if child.tag in ("ul", "ol"):
                    self.list(child, child.tag, depth + 1)

    def table(self, n):
        rows = []
        for section in n.children:
            for tr in section.children if section.tag in ("thead", "tbody") else [section]:
                if tr.tag == "tr":
                    rows.append((section.tag == "thead", [c for c in tr.children if c.tag in ("th", "td")]))
        if not rows:
            return
        columns = max(len(cells) for _, cells in rows)
        table = self.doc.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, (is_head, cells) in enumerate(rows):
            if is_head:
                _repeat_header(table.rows[r])
            for c, cell in enumerate(cells):
                paragraph = table.cell(r, c).paragraphs[0]
                self.runs(paragraph, cell.children, bold=is_head or cell.tag == "th")
                align = cell.attrs.get("align")
                if align in ALIGN:
                    paragraph.alignment = ALIGN[align]
        self.doc.add_paragraph()

    def appendix(self):
        l = self.labels
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.doc.add_heading(l["appendix"], level=2)
        if not self.citations:
            self.doc.add_paragraph(l["none"])
            return
        self.doc.add_paragraph(l["intro"])
        table = self.doc.add_table(rows=1 + len(self.citations), cols=5)
        table.style = "Table Grid"
        _repeat_header(table.rows[0])
        for c, key in enumerate(("id", "description", "value", "verified", "computed")):
            table.cell(0, c).paragraphs[0].add_run(l[key]).bold = True
        for r, cit in enumerate(self.citations, start=1):
            table.cell(r, 0).paragraphs[0].add_run(f"[{cit.id}]")
            table.cell(r, 1).paragraphs[0].add_run(cit.description)
            value = table.cell(r, 2).paragraphs[0]
            value.add_run(format_value(cit.value) + (f" {cit.unit}" if cit.unit else ""))
            value.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            status = table.cell(r, 3).paragraphs[0].add_run(l["yes"] if cit.verified else l["no"])
            status.bold = True
            status.font.color.rgb = RGBColor(0x1B, 0x7A, 0x3A) if cit.verified else RGBColor(0xAA, 0x33, 0x33)
            how = table.cell(r, 4)
            self.text(how.paragraphs[0], cit.code, False, False, True)
            if cit.check_code:
                how.add_paragraph().add_run(l["rechecked"]).italic = True
                self.text(how.add_paragraph(), cit.check_code, False, False, True)
            if cit.source:
                how.add_paragraph().add_run(f"{l['source']}: {cit.source}")

    def write(self, blocks, target):
        for block in blocks:
            self.block(block)
        self.appendix()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        with open(target, "wb") as f:
            f.write(normalise_zip(buffer.getvalue()))


def normalise_zip(data):
    """The same document, zipped with fixed timestamps and order: the same report gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
