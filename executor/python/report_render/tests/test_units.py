"""Unit tests of the renderer's pure parts: python3 -m unittest discover -s report_render/tests -t ."""

import base64
import io
import os
import tempfile
import unittest
import zipfile

from report_render.citations import format_value, split_citations, values_match
from report_render.document import parse
from report_render.docx_out import normalise_zip
from report_render.html_out import HtmlWriter, body_html, sanitise
from report_render.images import ImageRefused, read_image
from report_render.labels import LABELS
from report_render.pdf_out import FetchRefused, url_fetcher

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def html_of(markdown, artifacts="/nonexistent", known=()):
    writer = HtmlWriter(artifacts, [], LABELS["en"])
    writer.known = set(known)
    return body_html(parse(markdown), writer), writer


class DocumentTest(unittest.TestCase):
    def test_raw_html_stays_text(self):
        out, _ = html_of("<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> there")
        self.assertNotIn("<script", out)
        self.assertNotIn("<img", out)
        self.assertIn("&lt;script&gt;", out)

    def test_tables_keep_alignment_and_cells(self):
        blocks = parse("| a | b |\n|---|--:|\n| x | 1 |\n")
        table = blocks[0]
        self.assertEqual(table.tag, "table")
        cells = [c for section in table.children for row in section.children for c in row.children]
        self.assertEqual([c.plain() for c in cells], ["a", "b", "x", "1"])
        self.assertEqual(cells[3].attrs.get("align"), "right")

    def test_fenced_code_and_entities(self):
        blocks = parse("A &amp; B\n\n```python\nprint('<b>')\n```\n")
        self.assertEqual(blocks[0].plain(), "A & B")
        self.assertEqual(blocks[1].tag, "pre")
        self.assertEqual(blocks[1].plain(), "print('<b>')\n")

    def test_unsafe_links_keep_their_text_only(self):
        out, _ = html_of("[a](javascript:alert(1)) [b](https://example.com) [c](#x)")
        self.assertNotIn("javascript", out)
        self.assertIn('href="https://example.com"', out)
        self.assertIn('href="#x"', out)

    def test_citations_link_only_known_ids(self):
        out, _ = html_of("total [t1] and [not_a_value] and [1]", known={"t1"})
        self.assertIn('<a class="cite" href="#cite-t1">[t1]</a>', out)
        self.assertIn("[not_a_value]", out)
        self.assertNotIn("#cite-not_a_value", out)

    def test_sanitise_strips_what_the_writer_never_emits(self):
        dirty = '<p onclick="x()">a</p><iframe src="https://e"></iframe><a href="javascript:x">b</a>'
        clean = sanitise(dirty)
        self.assertNotIn("onclick", clean)
        self.assertNotIn("iframe", clean)
        self.assertNotIn("javascript", clean)


class ImagesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        with open(os.path.join(self.dir, "chart.png"), "wb") as f:
            f.write(PNG)
        with open(os.path.join(self.dir, "fake.png"), "wb") as f:
            f.write(b"<svg onload=alert(1)>")
        os.symlink("/etc/hostname", os.path.join(self.dir, "link.png"))
        os.mkdir(os.path.join(self.dir, "sub"))
        os.symlink("..", os.path.join(self.dir, "sub", "up"))

    def test_reads_a_png_inside_the_folder(self):
        data, mime = read_image(self.dir, "chart.png")
        self.assertEqual((data, mime), (PNG, "image/png"))
        self.assertEqual(read_image(self.dir, "./chart.png")[1], "image/png")

    def test_refuses_everything_else(self):
        for src in ["../chart.png", "/etc/hostname", "file:///etc/hostname", "https://example.com/a.png",
                    "link.png", "fake.png", "missing.png", "sub/up/chart.png", "sub", "C:\\x.png", ""]:
            with self.subTest(src=src), self.assertRaises(ImageRefused):
                read_image(self.dir, src)

    def test_a_refused_image_is_named_in_its_place(self):
        out, writer = html_of("![secret](/etc/hostname)", artifacts=self.dir)
        self.assertIn("Image not shown: /etc/hostname", out)
        self.assertEqual(len(writer.warnings), 1)


class FetcherTest(unittest.TestCase):
    def test_serves_embedded_images_and_fonts_only(self):
        uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
        self.assertEqual(url_fetcher(uri)["string"], PNG)
        self.assertEqual(url_fetcher("data:font/otf;base64,AAAA")["mime_type"], "font/otf")
        for url in ["file:///etc/passwd", "http://127.0.0.1/", "https://example.com/x.png",
                    "data:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml;base64,PHN2Zz4="]:
            with self.subTest(url=url), self.assertRaises(FetchRefused):
                url_fetcher(url)


class CitationsTest(unittest.TestCase):
    def test_values_match_like_the_agents_gate(self):
        self.assertTrue(values_match(93776810, 93776810.0000001))
        self.assertTrue(values_match("1,000", 1000))
        self.assertFalse(values_match(100, 100.01))
        self.assertTrue(values_match("a", "a"))

    def test_format_value(self):
        self.assertEqual(format_value(93776810), "93,776,810")
        self.assertEqual(format_value(40.26261), "40.2626")
        self.assertEqual(format_value(5.0), "5")
        self.assertEqual(format_value("x"), "x")

    def test_split_citations(self):
        self.assertEqual(split_citations("a [x] b [y]", {"x"}), [("text", "a "), ("cite", "x"), ("text", " b [y]")])


class ZipTest(unittest.TestCase):
    def test_normalised_zip_is_the_same_bytes_for_the_same_content(self):
        def make(stamp):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                z.writestr(zipfile.ZipInfo("a.xml", date_time=stamp), b"<a/>")
            return buf.getvalue()

        first, second = make((2020, 1, 1, 0, 0, 0)), make((2024, 5, 6, 7, 8, 10))
        self.assertNotEqual(first, second)
        self.assertEqual(normalise_zip(first), normalise_zip(second))
        self.assertEqual(zipfile.ZipFile(io.BytesIO(normalise_zip(first))).read("a.xml"), b"<a/>")


if __name__ == "__main__":
    unittest.main()
