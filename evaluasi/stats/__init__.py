"""Statistics core: paired pre/post tests, effect sizes, power, p-value adjustment and verdicts.

Every number agrees with the named R function (see each docstring); the golden tests in
``tests/test_stats_golden.py`` hold R's printed values and the R script that produced them.
"""

from evaluasi.stats.adjust import p_adjust
from evaluasi.stats.effect_size import cohen_dz, d_av, dz_confidence_interval, normalized_gain
from evaluasi.stats.groups import KEY_COLUMNS
from evaluasi.stats.notes import NOTE_CODES, NOTE_SEPARATOR
from evaluasi.stats.paired import STAT_COLUMNS, paired_statistics
from evaluasi.stats.power import mde_dz
from evaluasi.stats.verdict import VERDICTS, verdict

__all__ = [
    "KEY_COLUMNS",
    "NOTE_CODES",
    "NOTE_SEPARATOR",
    "STAT_COLUMNS",
    "VERDICTS",
    "cohen_dz",
    "d_av",
    "dz_confidence_interval",
    "mde_dz",
    "normalized_gain",
    "p_adjust",
    "paired_statistics",
    "verdict",
]
