"""Writers turn a Report into files: text.py (.txt) and docx.py (.docx)."""
