"""The PDF: WeasyPrint from the report's HTML, with a URL fetcher that fetches nothing.

Every image is already a data: URI in the HTML, as are the font subsets (fonts.py), so the fetcher serves only
those (decoded here, not through urllib) and refuses everything else: no file:// at all, no network, no
redirects to follow.
"""

import base64
import re

from weasyprint import HTML

EMBEDDED = re.compile(r"^data:(image/(?:png|jpeg|gif)|font/otf);base64,([A-Za-z0-9+/=\s]+)$")


class FetchRefused(Exception):
    pass


def url_fetcher(url, timeout=10, ssl_context=None):
    """WeasyPrint 57's fetcher signature: embedded images and the platform's own font subsets only."""
    match = EMBEDDED.match(url)
    if not match:
        raise FetchRefused(f"the report renderer fetches nothing: refused {url[:80]!r}")
    return {"string": base64.b64decode(match.group(2)), "mime_type": match.group(1)}


def write_pdf(page_html, target):
    document = HTML(string=page_html, base_url=None, url_fetcher=url_fetcher).render()
    # A fixed identifier: the same report gives the same bytes (the default is derived from the time).
    document.write_pdf(target, identifier=b"agentcore-vpc-platform-report")
    return len(document.pages)
