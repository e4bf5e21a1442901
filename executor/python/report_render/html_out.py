"""The report as sanitised HTML: written element by element from an allow-list, then checked by bleach.

Images are embedded as data: URIs (the file is self-contained and the PDF renderer needs to fetch nothing);
links keep only http(s), mailto and in-document targets; citations link to the appendix.
"""

import html

import bleach

from .citations import format_value, split_citations
from .images import ImageRefused, data_uri, read_image

ALLOWED_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "ul",
                "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "pre", "code", "blockquote", "hr", "br",
                "strong", "em", "a", "img", "figure", "figcaption", "section", "span", "div"]
ALLOWED_ATTRIBUTES = {
    "a": ["href", "class", "id", "rel"],
    "img": ["src", "alt"],
    "th": ["class"],
    "td": ["class", "colspan"],
    "ol": ["start"],
    "section": ["class", "id"],
    "span": ["class"],
    "div": ["class"],
    "tr": ["id", "class"],
    "figure": ["class"],
    "code": ["class"],
    "p": ["class"],
}
ALLOWED_PROTOCOLS = ["http", "https", "mailto", "data"]
SAFE_LINK = ("http://", "https://", "mailto:", "#")

esc = html.escape


class HtmlWriter:
    def __init__(self, artifacts_dir, citations, labels):
        self.dir = artifacts_dir
        self.known = {c.id for c in citations}
        self.citations = citations
        self.labels = labels
        self.warnings = []

    def inline(self, nodes):
        return "".join(self.node(n) for n in nodes)

    def text(self, value):
        out = []
        for kind, part in split_citations(value, self.known):
            if kind == "cite":
                out.append(f'<a class="cite" href="#cite-{esc(part)}">[{esc(part)}]</a>')
            else:
                out.append(esc(part))
        return "".join(out)

    def image(self, node):
        src = node.attrs.get("src", "")
        alt = node.attrs.get("alt", "")
        try:
            data, mime = read_image(self.dir, src)
        except ImageRefused as why:
            self.warnings.append(str(why))
            return f'<span class="missing">[{esc(self.labels["missing_image"])}: {esc(src)}]</span>'
        return f'<img src="{data_uri(data, mime)}" alt="{esc(alt)}">'

    def node(self, n):
        tag = n.tag
        if tag == "text":
            return self.text(n.text)
        if tag == "img":
            return self.image(n)
        if tag == "br":
            return "<br>"
        if tag == "hr":
            return "<hr>"
        inner = self.inline(n.children)
        if tag == "a":
            href = n.attrs.get("href", "")
            if href.startswith(SAFE_LINK):
                return f'<a href="{esc(href)}" rel="noopener noreferrer">{inner}</a>'
            return inner
        if tag in ("th", "td"):
            align = n.attrs.get("align")
            opening = f'<{tag} class="align-{align}">' if align else f"<{tag}>"
            return f"{opening}{inner}</{tag}>"
        if tag == "ol" and n.attrs.get("start", "").isdigit():
            return f'<ol start="{n.attrs["start"]}">{inner}</ol>'
        if tag == "p" and len(n.children) == 1 and n.children[0].tag == "img":
            caption = n.children[0].attrs.get("alt", "")
            figcaption = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
            return f'<figure class="chart">{inner}{figcaption}</figure>'
        if tag == "code":
            return f"<code>{esc(n.plain())}</code>"
        if tag == "pre":
            return f"<pre><code>{esc(n.plain())}</code></pre>"
        return f"<{tag}>{inner}</{tag}>"

    def appendix(self):
        """One row per recorded value (id, description, value, verified) and, under it, how it was computed."""
        l = self.labels
        if not self.citations:
            return f'<section class="appendix" id="appendix"><h2>{esc(l["appendix"])}</h2><p>{esc(l["none"])}</p></section>'
        rows = []
        for c in self.citations:
            value = esc(format_value(c.value)) + (f" {esc(c.unit)}" if c.unit else "")
            status = f'<span class="{"ok" if c.verified else "warn"}">{esc(l["yes"] if c.verified else l["no"])}</span>'
            rows.append(
                f'<tr id="cite-{esc(c.id)}" class="value"><td><code>[{esc(c.id)}]</code></td><td>{esc(c.description)}</td>'
                f'<td class="align-right number">{value}</td><td class="status">{status}</td></tr>'
            )
            how = f'<p class="label">{esc(l["computed"])}</p><pre><code>{esc(c.code)}</code></pre>' if c.code else ""
            if c.check_code:
                how += f'<p class="label">{esc(l["rechecked"])}</p><pre><code>{esc(c.check_code)}</code></pre>'
            if c.source:
                how += f'<p class="label">{esc(l["source"])}</p><p>{esc(c.source)}</p>'
            if how:
                rows.append(f'<tr class="how"><td colspan="4">{how}</td></tr>')
        head = "".join(f"<th>{esc(l[k])}</th>" for k in ("id", "description", "value", "verified"))
        return (
            f'<section class="appendix" id="appendix"><h2>{esc(l["appendix"])}</h2><p>{esc(l["intro"])}</p>'
            f'<table class="citations"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
        )


def body_html(blocks, writer):
    return "".join(writer.node(b) for b in blocks) + writer.appendix()


def sanitise(fragment):
    """Defence in depth: the body is written from an allow-list already; bleach checks it again."""
    return bleach.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS,
                        strip=True, strip_comments=True)


def document_html(title, lang, body, css):
    """A whole page: the platform's own head and stylesheet around the sanitised body."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)}</title>\n'
        f"<style>{css}</style>\n</head>\n<body>\n<main>{sanitise(body)}</main>\n</body>\n</html>\n"
    )
