"""CJK fonts for the PDF, cut down to the characters the report uses before WeasyPrint sees them.

WeasyPrint 57 subsets every embedded font keeping glyph ids (retain_gids), which for Noto Sans CJK (65,535
glyphs per face) takes minutes. Subsetting the faces here first (fontTools, glyph ids renumbered) leaves a
font of a few hundred glyphs that WeasyPrint embeds in moments; the result is the same text in the same font.
The faces come from the system's fonts-noto-cjk, never from the session, and reach WeasyPrint as data: URIs.
"""

import base64
import glob
import io
import os
import string

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

SEARCH = ("/usr/share/fonts", "/usr/local/share/fonts")
FACES = (
    # (CSS family, CSS weight, file name, face name inside the collection)
    ("Report Sans", 400, "NotoSansCJK-Regular.ttc", "Noto Sans CJK KR"),
    ("Report Sans", 700, "NotoSansCJK-Bold.ttc", "Noto Sans CJK KR"),
    ("Report Mono", 400, "NotoSansCJK-Regular.ttc", "Noto Sans Mono CJK KR"),
)
ALWAYS = string.printable + "…–—‘’“”·•✓✔✗✘×÷±≤≥→←%₩€£¥"


def find_font_file(name, roots=SEARCH):
    for root in roots:
        matches = sorted(glob.glob(os.path.join(root, "**", name), recursive=True))
        if matches:
            return matches[0]
    return None


def _face_index(path, face):
    collection = TTCollection(path, lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == face:
            return index
    return None


def subset_face(path, face, text):
    """The face cut down to `text`'s characters, as OpenType bytes; None when the face is not in the file."""
    index = _face_index(path, face)
    if index is None:
        return None
    font = TTFont(path, fontNumber=index, lazy=True)
    options = subset.Options()
    options.desubroutinize = True
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_face_css(text, roots=SEARCH):
    """@font-face rules for the report's text (empty when fonts-noto-cjk is not installed)."""
    characters = "".join(sorted(set(text) | set(ALWAYS)))
    rules = []
    for family, weight, file_name, face in FACES:
        path = find_font_file(file_name, roots)
        data = subset_face(path, face, characters) if path else None
        if data:
            uri = f"data:font/otf;base64,{base64.b64encode(data).decode('ascii')}"
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url({uri}); }}')
    return "\n".join(rules)
