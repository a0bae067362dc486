"""The whole flow as plain functions: load → validate → lint → build (preparing.py) →
render → verify → write (writing.py); check (checking.py); next_year and init (starting.py)."""

from .checking import Checked as Checked
from .checking import check as check
from .preparing import _load as _load
from .preparing import load_previous as load_previous
from .preparing import prepare as prepare
from .preparing import reference_docx as reference_docx
from .preparing import template_file as template_file
from .starting import Rolled as Rolled
from .starting import init as init
from .starting import next_year as next_year
from .starting import write_schema as write_schema
from .writing import DEFAULT_FORMATS as DEFAULT_FORMATS
from .writing import FORMATS as FORMATS
from .writing import Draft as Draft
from .writing import Writer as Writer
from .writing import check_formats as check_formats
from .writing import draft as draft
