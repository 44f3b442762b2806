"""What each page shows, worked out from the run's tables: texts and numbers ready for templates.

Numbers are formatted here, once, for the report language; templates only lay them out.
"""

from evaluasi.report.views.common import PageNames, code_label, note_codes
from evaluasi.report.views.methods import METHOD_SECTIONS, methods_context
from evaluasi.report.views.panels import pooled_index
from evaluasi.report.views.programme import ProgrammeData, programme_context, split_by_programme
from evaluasi.report.views.quality import quality_context
from evaluasi.report.views.summary import index_context

__all__ = [
    "METHOD_SECTIONS",
    "PageNames",
    "ProgrammeData",
    "code_label",
    "index_context",
    "methods_context",
    "note_codes",
    "pooled_index",
    "programme_context",
    "quality_context",
    "split_by_programme",
]
