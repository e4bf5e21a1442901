"""Renders a session's report.md to report.html, report.pdf and report.docx.

The reporter (a model) writes Markdown; this package, not model-written code, turns it into documents an
analyst can hand on. It runs in a fresh process under the session's uid and reads nothing but the session's
artifacts folder: raw HTML in the Markdown is shown as text, images must be PNG/JPEG/GIF files inside the
folder, and the PDF renderer fetches nothing (images are embedded as data: URIs before it sees them).
"""
