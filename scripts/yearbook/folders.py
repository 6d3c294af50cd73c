"""Where a book keeps its content unless its ``mkdocs.yml`` says otherwise.

The settings tree (``settings.py``) takes these names as its defaults and the
content model (``model.BookConfig``) as its own, so each is written once and the
content model knows them without importing MkDocs' config types.
"""

CHAPTERS_DIR = "giai-doan"
UNITS_DIR = "don-vi"
ESSAYS_DIR = "tuoi-tre"
FOREWORD = "loi-gioi-thieu.md"
DATA_DIR = "data"
ARCHIVE_DIR = "archive"
CAPTIONS = "archive/captions.csv"
