"""The report's stylesheet: one for the HTML file and, with the print rules, for the PDF.

WeasyPrint follows the font-family chain strictly, so the CJK font is listed for every element; Noto Sans CJK
carries Latin glyphs too, which keeps Korean and English on the same baseline.
"""

# "Report Sans" and "Report Mono" are the subsets fonts.py makes for the PDF; the HTML falls back to the rest.
FONT = '"Report Sans", "Report Mono", "Noto Sans CJK KR", "DejaVu Sans", sans-serif'
MONO = '"Report Mono", "DejaVu Sans Mono", "Noto Sans Mono CJK KR", "Noto Sans Mono CJK JP", monospace'

SCREEN = f"""
body {{ font-family: {FONT}; font-size: 11pt; line-height: 1.55; color: #1d2330; margin: 0;
        overflow-wrap: anywhere; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 1.5rem; }}
h1, h2, h3, h4, h5, h6 {{ line-height: 1.25; color: #10263f; }}
h1 {{ font-size: 20pt; border-bottom: 2px solid #10263f; padding-bottom: 0.2em; }}
h2 {{ font-size: 15pt; border-bottom: 1px solid #c9d2de; padding-bottom: 0.15em; margin-top: 1.4em; }}
h3 {{ font-size: 12.5pt; }}
table {{ border-collapse: collapse; margin: 0.8em 0; width: 100%; }}
th, td {{ border: 1px solid #b8c3d1; padding: 0.3em 0.5em; vertical-align: top; overflow-wrap: anywhere; }}
th {{ background: #eef2f7; text-align: left; }}
.align-right {{ text-align: right; }}
.align-center {{ text-align: center; }}
.align-left {{ text-align: left; }}
code, pre {{ font-family: {MONO}; font-size: 8.5pt; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f7fa; padding: 0.4em 0.6em; margin: 0.3em 0; }}
figure.chart {{ margin: 1em 0; text-align: center; }}
figure.chart img, img {{ max-width: 100%; height: auto; }}
figcaption {{ font-size: 9pt; color: #4a5668; margin-top: 0.3em; }}
a.cite {{ color: #1f5fa8; text-decoration: none; font-size: 0.85em; }}
.missing {{ color: #a33; font-style: italic; }}
.appendix table.citations td.number, .appendix table.citations td.status {{ white-space: nowrap; }}
.appendix table.citations tr.value td {{ border-bottom: none; background: #f8fafc; }}
.appendix table.citations tr.how td {{ border-top: none; padding-top: 0; }}
.appendix table.citations {{ font-size: 9pt; }}
.appendix table.citations td p {{ font-size: 9pt; margin: 0.2em 0; }}
.appendix .label {{ font-size: 8pt; color: #4a5668; margin: 0.4em 0 0; }}
.ok {{ color: #1b7a3a; font-weight: bold; }}
.warn {{ color: #a33; font-weight: bold; }}
"""

# Margin boxes inherit from the page, not from <body>: the page number names its font too.
PRINT = f"""
@page {{ size: A4; margin: 18mm 16mm 20mm 16mm;
        @bottom-center {{ content: counter(page) " / " counter(pages); font-family: {FONT}; font-size: 8pt;
                          color: #6b7686; }} }}""" + """
main { max-width: none; padding: 0; }
h1, h2, h3, h4 { break-after: avoid; }
thead { display: table-header-group; }
tr, figure, img, pre { break-inside: avoid; }
.appendix { break-before: page; }
.appendix table.citations tr.value { break-after: avoid; }
"""
