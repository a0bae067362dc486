"""The floor: a bare python-docx script writing the same paragraphs as a draft.

Usage: python floor.py reference.docx paragraphs.json out.docx
paragraphs.json is {"paragraphs": [{"text": …, "style": …}, …]} (bench.py writes it).
"""

import json
import sys

import docx


def main() -> None:
    """Open the reference document, replace its body by the paragraphs, save."""
    reference, data, out = sys.argv[1:4]
    with open(data, encoding="utf-8") as f:
        paragraphs = json.load(f)["paragraphs"]
    document = docx.Document(reference)
    body = document.element.body
    for child in list(body)[:-1]:  # keep the final w:sectPr
        body.remove(child)
    for p in paragraphs:
        document.add_paragraph(p["text"], style=p["style"])
    document.save(out)


main()
