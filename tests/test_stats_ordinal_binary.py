r"""Golden and property tests: ordinal (transition table, sign, Stuart-Maxwell, Bhapkar,
Wilcoxon) and binary (McNemar exact, mid-p and chi-square, Newcombe interval) statistics.

Every literal below was printed by R 4.2.2 running this script (``Rscript golden.R``, base R only;
the Stuart-Maxwell statistic by the matrix formula, leaving out categories that nobody entered or
left, with Bhapkar's n counting every pair). Published values are checked separately.

p15 <- function(name, x) cat(name, "=", paste(sprintf("%.15g", x), collapse = ", "), "\n")
marginal_homogeneity <- function(tab) {
  n <- sum(tab)
  moved <- rowSums(tab) + colSums(tab) - 2 * diag(tab) > 0
  tab <- tab[moved, moved, drop = FALSE]
  k <- nrow(tab)
  d <- (rowSums(tab) - colSums(tab))[-k]
  S <- -(tab + t(tab))
  diag(S) <- rowSums(tab) + colSums(tab) - 2 * diag(tab)
  S <- S[-k, -k, drop = FALSE]
  x2 <- drop(t(d) %*% solve(S, d))
  xb <- x2 / (1 - x2 / n)
  c(x2, k - 1, pchisq(x2, k - 1, lower.tail = FALSE),
    xb, pchisq(xb, k - 1, lower.tail = FALSE))
}
expand <- function(tab) {
  idx <- which(tab > 0, arr.ind = TRUE)
  list(pre = rep(idx[, 1], tab[idx]), post = rep(idx[, 2], tab[idx]))
}
ordinal_report <- function(label, tab) {
  cat("##", label, "\n")
  p15("stuart, df, p, bhapkar, p", marginal_homogeneity(tab))
  up <- sum(tab[upper.tri(tab)]); down <- sum(tab[lower.tri(tab)])
  p15("up, down, sign p", c(up, down, binom.test(up, up + down)$p.value))
  e <- expand(tab)
  w <- suppressWarnings(wilcox.test(e$post, e$pre, paired = TRUE))
  p15("wilcoxon V, p", c(w$statistic, w$p.value))
}
# Stuart (1955) unaided distance vision of 7477 women: rows right eye, columns left eye
vision <- matrix(c(1520, 266, 124, 66,
                   234, 1512, 432, 78,
                   117, 362, 1772, 205,
                   36, 82, 179, 492), 4, byrow = TRUE)
ordinal_report("vision", vision)
# Peterson et al. (2007) in Fagerland, Lydersen & Laake (2017), ch. 9
peterson <- matrix(c(596, 18, 6, 5, 0, 2, 0, 0, 0, 0, 42, 0, 11, 0, 0, 0), 4, byrow = TRUE)
ordinal_report("peterson", peterson)
# five categories, the fifth never used
small <- matrix(c(2, 3, 1, 0, 0,
                  1, 4, 2, 1, 0,
                  0, 1, 3, 3, 0,
                  0, 0, 1, 2, 0,
                  0, 0, 0, 0, 0), 5, byrow = TRUE)
ordinal_report("small K=5, category 5 empty", small)
# category 3 used only by unchanged participants, category 5 never used
diagonal_only <- matrix(c(3, 2, 0, 1, 0,
                          1, 4, 0, 2, 0,
                          0, 0, 6, 0, 0,
                          2, 0, 0, 1, 0,
                          0, 0, 0, 0, 0), 5, byrow = TRUE)
ordinal_report("diagonal-only category 3, empty 5", diagonal_only)
cat("## mcnemar Performance\n")
Performance <- matrix(c(794, 86, 150, 570), nrow = 2,
                      dimnames = list("1st Survey" = c("Approve", "Disapprove"),
                                      "2nd Survey" = c("Approve", "Disapprove")))
m <- mcnemar.test(Performance)
p15("chi2, p", c(m$statistic, m$p.value))
ordinal_report("Performance as ordinal K=2", unclass(Performance))
p15("exact p binom.test(150, 236)", binom.test(150, 236)$p.value)
midp <- function(b, c) {
  k <- min(b, c)
  2 * pbinom(k, b + c, 0.5) - dbinom(k, b + c, 0.5)
}
p15("midp", midp(150, 86))
chi2 <- function(tab) unlist(mcnemar.test(tab)[c("statistic", "p.value")])
p15("b = c = 3: chi2, p", chi2(matrix(c(5, 3, 3, 9), 2)))
cat("## Bentur AHR b=1 c=7\n")
p15("exact, midp, chi2cc, p",
    c(binom.test(1, 8)$p.value, midp(1, 7), chi2(matrix(c(1, 7, 1, 12), 2))))
newcombe <- function(n11, n12, n21, n22, alpha = 0.05) {
  # rows first measurement, columns second; estimate = p(second) - p(first)
  N <- n11 + n12 + n21 + n22
  z <- qnorm(1 - alpha / 2)
  wilson <- function(x) {
    centre <- (x + z^2 / 2) / (N + z^2)
    half <- z * sqrt(x * (N - x) / N + z^2 / 4) / (N + z^2)
    c(centre - half, centre + half)
  }
  p1 <- (n11 + n21) / N; p2 <- (n11 + n12) / N  # second, first
  w1 <- wilson(n11 + n21); w2 <- wilson(n11 + n12)
  prod <- (n11 + n12) * (n21 + n22) * (n11 + n21) * (n12 + n22)
  A <- n11 * n22 - n12 * n21
  psi <- if (prod == 0) 0 else if (A > N / 2) (A - N / 2) / sqrt(prod) else
    if (A >= 0) 0 else A / sqrt(prod)
  est <- p1 - p2
  L <- est - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2 - 2 * psi * (p1 - w1[1]) * (w2[2] - p2))
  U <- est + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2 - 2 * psi * (w1[2] - p1) * (p2 - w2[1]))
  c(est, L, U)
}
p15("newcombe cavo (pass=CR): est, L, U", newcombe(59, 6, 16, 80))
p15("newcombe bentur (pass=AHR): est, L, U", newcombe(1, 1, 7, 12))
p15("newcombe Performance (pass = Disapprove): est, L, U", newcombe(570, 86, 150, 794))
"""

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from evaluasi.stats.binary import BINARY_COLUMNS, binary_statistics
from evaluasi.stats.groups import KEY_COLUMNS
from evaluasi.stats.notes import NOTE_SEPARATOR
from evaluasi.stats.ordinal import CATEGORY_NOTE_CODES, ORDINAL_COLUMNS, ordinal_statistics

# Warnings are errors, except Hypothesis's check that `random` was left alone while it drew
# data: Prefect's server threads, still alive from earlier tests in the session, use `random`.
pytestmark = [
    pytest.mark.filterwarnings("error"),
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def approx(expected: float, rel: float = 1e-9) -> object:
    """R prints 15 significant digits; agreement is far better than the 1e-6 the brief asks for."""
    return pytest.approx(expected, rel=rel, abs=1e-12, nan_ok=True)


def pairs_from_table(table: list[list[int]], program: str, instrument: str = "I") -> pd.DataFrame:
    """One row per pair: table[i][j] pairs from category i + 1 (pre) to j + 1 (post)."""
    counts = np.asarray(table)
    pre, post = np.indices(counts.shape)
    repeats = counts.ravel()
    return pd.DataFrame(
        {
            "program_id": program,
            "instrument": instrument,
            "pre": np.repeat(pre.ravel() + 1.0, repeats),
            "post": np.repeat(post.ravel() + 1.0, repeats),
        }
    )


def notes_of(row: pd.Series) -> list[str]:
    return row["notes"].split(NOTE_SEPARATOR) if row["notes"] else []


VISION = [[1520, 266, 124, 66], [234, 1512, 432, 78], [117, 362, 1772, 205], [36, 82, 179, 492]]
PETERSON = [[596, 18, 6, 5], [0, 2, 0, 0], [0, 0, 42, 0], [11, 0, 0, 0]]
SMALL = [[2, 3, 1, 0, 0], [1, 4, 2, 1, 0], [0, 1, 3, 3, 0], [0, 0, 1, 2, 0], [0, 0, 0, 0, 0]]
DIAGONAL_ONLY = [[3, 2, 0, 1, 0], [1, 4, 0, 2, 0], [0, 0, 6, 0, 0], [2, 0, 0, 1, 0], [0] * 5]
# R's ?mcnemar.test approval ratings: rows 1st survey, columns 2nd (Approve, Disapprove).
PERFORMANCE = [[794, 150], [86, 570]]

ORDINAL_TABLES = {
    "vision": VISION,
    "peterson": PETERSON,
    "small": SMALL,
    "diagonal_only": DIAGONAL_ONLY,
    "performance": PERFORMANCE,
}

ORDINAL_EXPECTED: dict[str, dict[str, float]] = {
    "vision": {
        "stuart_maxwell_stat": 11.9565696229826,
        "stuart_maxwell_df": 3,
        "stuart_maxwell_p": 0.00753342505480054,
        "bhapkar_stat": 11.9757201555257,
        "bhapkar_p": 0.00746679746972396,
        "sign_test_p": 0.000609287161937593,
        "wilcoxon_v": 1278239.5,
        "wilcoxon_p": 0.00137837194418953,
    },
    "peterson": {
        "stuart_maxwell_stat": 26.25,
        "stuart_maxwell_df": 3,
        "stuart_maxwell_p": 8.4543103082982e-06,
        "bhapkar_stat": 27.3040152963671,
        "bhapkar_p": 5.08362662821102e-06,
        "sign_test_p": 0.00642657609569142,
        "wilcoxon_v": 462.5,
        "wilcoxon_p": 0.476074918626436,
    },
    "small": {
        "stuart_maxwell_stat": 4.30434782608696,
        "stuart_maxwell_df": 3,
        "stuart_maxwell_p": 0.230420127164448,
        "bhapkar_stat": 5.24503311258278,
        "bhapkar_p": 0.154709138733766,
        "sign_test_p": 0.09228515625,
        "wilcoxon_v": 73,
        "wilcoxon_p": 0.0424859979217665,
    },
    "diagonal_only": {
        "stuart_maxwell_stat": 0.285714285714286,
        "stuart_maxwell_df": 2,
        "stuart_maxwell_p": 0.866877899750182,
        "bhapkar_stat": 0.289473684210526,
        "bhapkar_p": 0.86524996051122,
        "sign_test_p": 0.7265625,
        "wilcoxon_v": 20,
        "wilcoxon_p": 0.831796781836505,
    },
    "performance": {
        "stuart_maxwell_stat": 17.3559322033898,
        "stuart_maxwell_df": 1,
        "stuart_maxwell_p": 3.09929344104522e-05,
        "bhapkar_stat": 17.5462645647704,
        "bhapkar_p": 2.80401093453668e-05,
        "sign_test_p": 3.71593613957143e-05,
        "wilcoxon_v": 17775,
        "wilcoxon_p": 3.10676600998554e-05,
    },
}


@pytest.fixture(scope="module")
def ordinal_golden() -> pd.DataFrame:
    """Every golden table as its own programme, all computed in one call."""
    pairs = pd.concat(
        [pairs_from_table(table, name) for name, table in ORDINAL_TABLES.items()],
        ignore_index=True,
    )
    categories = {(name, "I"): len(table) for name, table in ORDINAL_TABLES.items()}
    return ordinal_statistics(pairs, categories).set_index("program_id")


@pytest.mark.parametrize("name", list(ORDINAL_EXPECTED))
def test_ordinal_statistics_match_r(ordinal_golden: pd.DataFrame, name: str) -> None:
    row = ordinal_golden.loc[name]
    for column, expected in ORDINAL_EXPECTED[name].items():
        assert row[column] == approx(expected), column
    table = ORDINAL_TABLES[name]
    assert json.loads(row["transition"]) == table
    assert row["n_paired"] == sum(map(sum, table))


def test_published_marginal_homogeneity_values(ordinal_golden: pd.DataFrame) -> None:
    """Stuart (1955) reports X2 = 11.96 on 3 df for the vision data (also Agresti, Categorical
    Data Analysis); Fagerland, Lydersen & Laake (2017, ch. 9) print T0 = 26.250 (Stuart) and
    T = 27.304 (Bhapkar), df 3, for the Peterson et al. (2007) data."""
    vision, peterson = ordinal_golden.loc["vision"], ordinal_golden.loc["peterson"]
    assert vision["stuart_maxwell_stat"] == pytest.approx(11.96, abs=0.005)
    assert peterson["stuart_maxwell_stat"] == pytest.approx(26.250, abs=0.0005)
    assert peterson["bhapkar_stat"] == pytest.approx(27.304, abs=0.0005)
    assert peterson["stuart_maxwell_df"] == 3


def test_dropped_categories_are_noted(ordinal_golden: pd.DataFrame) -> None:
    """A never-used category disappears silently; one used only on the diagonal is noted."""
    assert notes_of(ordinal_golden.loc["small"]) == []
    assert notes_of(ordinal_golden.loc["diagonal_only"]) == ["categories_without_change_dropped"]


def test_ordinal_percentages_and_transition_orientation(ordinal_golden: pd.DataFrame) -> None:
    row = ordinal_golden.loc["vision"]
    assert row["pct_improved"] == approx(100 * 1171 / 7477)
    assert row["pct_declined"] == approx(100 * 1010 / 7477)
    assert row["pct_unchanged"] == approx(100 * (1520 + 1512 + 1772 + 492) / 7477)


BINARY_TABLES = {
    # 2 x 2 tables as [[n_ff, n_fp], [n_pf, n_pp]] (rows pre, columns post; fail first).
    "performance": [[794, 150], [86, 570]],
    "bentur": [[12, 7], [1, 1]],
    "cavo": [[80, 16], [6, 59]],
    "equal_discordant": [[5, 3], [3, 9]],
}

BINARY_EXPECTED: dict[str, dict[str, float]] = {
    "performance": {
        "mcnemar_chi2": 16.8177966101695,
        "mcnemar_chi2_p": 4.11456228134594e-05,
        "mcnemar_p": 3.71593613957143e-05,
        "mcnemar_midp": 2.89338951761547e-05,
        "prop_diff": 0.04,
        "prop_diff_ci_low": 0.0212304239828771,
        "prop_diff_ci_high": 0.0587038728957289,
    },
    "bentur": {
        "mcnemar_p": 0.0703125,
        "mcnemar_midp": 0.0390625,
        "mcnemar_chi2": 3.125,
        "mcnemar_chi2_p": 0.077099871743542,
        "prop_diff": 0.285714285714286,
        "prop_diff_ci_low": 0.0255591241648598,
        "prop_diff_ci_high": 0.506920226686141,
    },
    "cavo": {
        "prop_diff": 0.062111801242236,
        "prop_diff_ci_low": 0.00462511393305006,
        "prop_diff_ci_high": 0.11862119563871,
    },
    "equal_discordant": {"mcnemar_chi2": 0.0, "mcnemar_chi2_p": 1.0, "mcnemar_p": 1.0},
}


@pytest.fixture(scope="module")
def binary_golden() -> pd.DataFrame:
    pairs = pd.concat(
        [pairs_from_table(table, name) for name, table in BINARY_TABLES.items()],
        ignore_index=True,
    )
    return binary_statistics(pairs).set_index("program_id")


@pytest.mark.parametrize("name", list(BINARY_EXPECTED))
def test_binary_statistics_match_r(binary_golden: pd.DataFrame, name: str) -> None:
    row = binary_golden.loc[name]
    for column, expected in BINARY_EXPECTED[name].items():
        assert row[column] == approx(expected), column
    (ff, fp), (pf, pp) = BINARY_TABLES[name]
    assert (row["n_ff"], row["n_fp"], row["n_pf"], row["n_pp"]) == (ff, fp, pf, pp)


def test_published_mcnemar_and_newcombe_values(binary_golden: pd.DataFrame) -> None:
    """Fagerland, Lydersen & Laake (2013, BMC Med Res Methodol 13:91), airway
    hyper-responsiveness (b = 1, c = 7): exact conditional p = 0.070, mid-p = 0.039.
    Fagerland, Lydersen & Laake (2014, Stat Med; 2017 book, ch. 8), Cavo et al. (2012) data:
    Newcombe square-and-add -0.0621 (95% CI -0.1186 to -0.0046) for pre - post, i.e. the
    mirror image for our post - pre."""
    bentur, cavo = binary_golden.loc["bentur"], binary_golden.loc["cavo"]
    assert bentur["mcnemar_p"] == pytest.approx(0.070, abs=0.0005)
    assert bentur["mcnemar_midp"] == pytest.approx(0.039, abs=0.0005)
    assert cavo["prop_diff"] == pytest.approx(0.0621, abs=0.00005)
    assert cavo["prop_diff_ci_low"] == pytest.approx(0.0046, abs=0.00005)
    assert cavo["prop_diff_ci_high"] == pytest.approx(0.1186, abs=0.00005)


def test_output_shapes() -> None:
    pairs = pairs_from_table([[1, 2], [0, 3]], "P")
    ordinal = ordinal_statistics(pairs, {("P", "I"): 2})
    binary = binary_statistics(pairs)
    assert list(ordinal.columns) == [*KEY_COLUMNS, *ORDINAL_COLUMNS]
    assert list(binary.columns) == [*KEY_COLUMNS, *BINARY_COLUMNS]
    empty = pairs.iloc[:0]
    assert ordinal_statistics(empty, {("P", "I"): 2}).empty
    assert binary_statistics(empty).empty


def group_frame(program: str, pre: list[float], post: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"program_id": program, "instrument": "I", "pre": pre, "post": post})


def test_ordinal_edge_cases_give_empty_values_and_notes() -> None:
    nan = math.nan
    pairs = pd.concat(
        [
            group_frame("all_same", [1, 2, 3], [1, 2, 3]),
            group_frame("islands", [1, 2, 3, 4], [2, 1, 4, 3]),
            group_frame("one_move", [1, 1, 1], [2, 2, 2]),
            group_frame("messy", [1, nan, 7, 2.5, 2], [2, 1, 1, 1, 1]),
            group_frame("unknown_k", [1], [2]),
            group_frame("no_complete", [nan], [1]),
        ]
    )
    categories = {(p, "I"): 4 for p in ("all_same", "islands", "one_move", "messy", "no_complete")}
    result = ordinal_statistics(pairs, categories).set_index("program_id")
    tests = ["sign_test_p", "stuart_maxwell_stat", "bhapkar_stat", "wilcoxon_p"]

    same = result.loc["all_same"]
    assert notes_of(same) == ["all_differences_zero"]
    assert same[tests].isna().all() and same["pct_unchanged"] == 100.0

    islands = result.loc["islands"]
    assert notes_of(islands) == ["categories_never_exchange"]
    assert math.isnan(islands["stuart_maxwell_stat"]) and math.isnan(islands["bhapkar_stat"])
    assert islands["sign_test_p"] == 1.0

    one_move = result.loc["one_move"]
    assert notes_of(one_move) == ["bhapkar_singular"]
    assert one_move["stuart_maxwell_stat"] == approx(3.0) and math.isnan(one_move["bhapkar_stat"])

    messy = result.loc["messy"]
    assert notes_of(messy) == ["incomplete_pairs_dropped", "invalid_category_dropped"]
    assert messy["n_paired"] == 2
    assert json.loads(messy["transition"]) == [[0, 1, 0, 0], [1, 0, 0, 0], [0] * 4, [0] * 4]

    unknown = result.loc["unknown_k"]
    assert notes_of(unknown) == ["unknown_category_count"]
    assert unknown["n_paired"] == 0 and pd.isna(unknown["transition"])

    none = result.loc["no_complete"]
    assert notes_of(none) == ["incomplete_pairs_dropped", "no_pairs"]
    assert none[["pct_improved", *tests]].isna().all()


def test_binary_edge_cases_give_empty_values_and_notes() -> None:
    pairs = pd.concat(
        [
            group_frame("no_change", [1, 2, 2], [1, 2, 2]),
            group_frame("invalid", [1, 2, 3, 0], [2, 2, 1, 1]),
            group_frame("no_complete", [math.nan], [1]),
        ]
    )
    result = binary_statistics(pairs).set_index("program_id")
    no_change = result.loc["no_change"]
    assert notes_of(no_change) == ["all_differences_zero"]
    mcnemar = ["mcnemar_p", "mcnemar_midp", "mcnemar_chi2", "mcnemar_chi2_p"]
    assert no_change[mcnemar].isna().all()
    assert no_change["prop_diff"] == 0.0
    assert no_change["prop_diff_ci_low"] < 0.0 < no_change["prop_diff_ci_high"]
    assert notes_of(result.loc["invalid"]) == ["invalid_category_dropped"]
    assert result.loc["invalid", "n_paired"] == 2
    assert notes_of(result.loc["no_complete"]) == ["incomplete_pairs_dropped", "no_pairs"]
    assert result.loc["no_complete", ["prop_diff", *mcnemar]].isna().all()


def test_every_note_code_is_documented() -> None:
    assert all(CATEGORY_NOTE_CODES.values())


# Property tests: straightforward per-group reference implementations.


def reference_marginal_homogeneity(table: np.ndarray) -> tuple[float, float, float] | None:
    """Stuart-Maxwell by the Moore-Penrose inverse of the covariance of the categories with
    changes, and Bhapkar as n m' S^-1 m from the mean m and the sample covariance S (divisor n)
    of every pair's difference vector e_pre - e_post over those categories but the last; None
    when the covariance is not of rank (categories - 1), i.e. the tests are undefined."""
    moved = table.sum(axis=0) + table.sum(axis=1) - 2 * np.diag(table) > 0
    k = int(moved.sum())
    if k < 2:
        return None
    reduced = table[np.ix_(moved, moved)]
    d = reduced.sum(axis=1) - reduced.sum(axis=0)
    covariance = -(reduced + reduced.T)
    np.fill_diagonal(covariance, reduced.sum(axis=1) + reduced.sum(axis=0) - 2 * np.diag(reduced))
    if np.linalg.matrix_rank(covariance) != k - 1:
        return None
    stuart = float(d @ np.linalg.pinv(covariance) @ d)
    rows, cols = np.indices(table.shape)
    steps = np.zeros((table.size, table.shape[0]))
    steps[np.arange(table.size), rows.ravel()] += 1.0
    steps[np.arange(table.size), cols.ravel()] -= 1.0
    vectors = np.repeat(steps[:, moved][:, :-1], table.ravel().astype(np.int64), axis=0)
    sample = np.cov(vectors, rowvar=False, bias=True).reshape(k - 1, k - 1)
    if np.linalg.matrix_rank(sample) < k - 1:
        return stuart, k - 1, math.nan
    mean = vectors.mean(axis=0)
    return stuart, k - 1, float(len(vectors) * mean @ np.linalg.solve(sample, mean))


def ordinal_group(k: int) -> st.SearchStrategy:
    category = st.integers(1, k)
    return st.lists(st.tuples(category, category), min_size=1, max_size=40).map(
        lambda pairs: (k, pairs)
    )


ordinal_groups = st.lists(st.integers(2, 6).flatmap(ordinal_group), min_size=1, max_size=6)


def check_ordinal_row(row: pd.Series, k: int, pairs: list[tuple[int, int]]) -> None:
    pre = np.array([p for p, _ in pairs])
    post = np.array([q for _, q in pairs])
    table = np.zeros((k, k), dtype=np.int64)
    np.add.at(table, (pre - 1, post - 1), 1)
    assert json.loads(row["transition"]) == table.tolist()
    up, down = int((post > pre).sum()), int((post < pre).sum())
    assert row["pct_improved"] == approx(100 * up / len(pairs))
    if up + down == 0:
        assert math.isnan(row["sign_test_p"]) and "all_differences_zero" in notes_of(row)
        assert math.isnan(row["stuart_maxwell_stat"]) and math.isnan(row["wilcoxon_p"])
        return
    assert row["sign_test_p"] == approx(stats.binomtest(up, up + down).pvalue)
    reference = reference_marginal_homogeneity(table.astype(np.float64))
    if reference is None:
        assert math.isnan(row["stuart_maxwell_stat"]) and "categories_never_exchange" in notes_of(
            row
        )
    else:
        stuart, df, bhapkar = reference
        assert row["stuart_maxwell_stat"] == pytest.approx(stuart, rel=1e-7, abs=1e-9)
        assert row["stuart_maxwell_df"] == df
        assert row["stuart_maxwell_p"] == pytest.approx(stats.chi2.sf(stuart, df), rel=1e-6)
        assert row["bhapkar_stat"] == pytest.approx(bhapkar, rel=1e-7, abs=1e-9, nan_ok=True)
    d = (post - pre)[post != pre]
    exact = d.size < 50 and np.unique(np.abs(d)).size == d.size and d.size == len(pairs)
    wilcoxon = stats.wilcoxon(
        post - pre, zero_method="wilcox", correction=True, method="exact" if exact else "approx"
    )
    assert row["wilcoxon_p"] == pytest.approx(wilcoxon.pvalue, rel=1e-9)


@SETTINGS
@given(ordinal_groups)
def test_ordinal_statistics_agree_with_per_group_references(groups) -> None:
    """Several random groups in one call; each agrees with numpy/scipy computed on its own."""
    frames = [
        group_frame(f"P{g:02d}", [p for p, _ in pairs], [q for _, q in pairs])
        for g, (_, pairs) in enumerate(groups)
    ]
    categories = {(f"P{g:02d}", "I"): k for g, (k, _) in enumerate(groups)}
    result = ordinal_statistics(pd.concat(frames), categories)
    assert len(result) == len(groups)
    for (_, row), (k, pairs) in zip(result.iterrows(), groups, strict=True):
        check_ordinal_row(row, k, pairs)


def reference_newcombe(ff: int, fp: int, pf: int, pp: int) -> tuple[float, float]:
    """Newcombe (1998) method 10 written out for one table, post - pre, with math only."""
    n = ff + fp + pf + pp
    z = stats.norm.ppf(0.975)

    def wilson(x: int) -> tuple[float, float, float]:
        centre = (x + z * z / 2) / (n + z * z)
        half = z * math.sqrt(x * (n - x) / n + z * z / 4) / (n + z * z)
        return x / n, centre - half, centre + half

    p1, l1, u1 = wilson(fp + pp)
    p2, l2, u2 = wilson(pf + pp)
    margins = (fp + pp) * (ff + pf) * (pf + pp) * (ff + fp)
    a = pp * ff - fp * pf
    if margins == 0 or 0 <= a <= n / 2:
        phi = 0.0
    else:
        phi = (a - n / 2 if a > n / 2 else a) / math.sqrt(margins)
    low = p1 - p2 - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2))
    high = p1 - p2 + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2))
    return low, high


binary_tables = st.lists(st.tuples(*[st.integers(0, 30)] * 4), min_size=1, max_size=6)


@SETTINGS
@given(binary_tables)
def test_binary_statistics_agree_with_per_group_references(tables) -> None:
    frames = [
        pairs_from_table([[ff, fp], [pf, pp]], f"P{g:02d}")
        for g, (ff, fp, pf, pp) in enumerate(tables)
    ]
    result = binary_statistics(pd.concat(frames)).set_index("program_id")
    for g, (ff, fp, pf, pp) in enumerate(tables):
        row = result.loc[f"P{g:02d}"] if f"P{g:02d}" in result.index else None
        n = ff + fp + pf + pp
        if n == 0:
            assert row is None  # a group without rows does not exist
            continue
        assert (row["n_ff"], row["n_fp"], row["n_pf"], row["n_pp"]) == (ff, fp, pf, pp)
        assert row["prop_diff"] == approx((fp - pf) / n)
        low, high = reference_newcombe(ff, fp, pf, pp)
        assert row["prop_diff_ci_low"] == pytest.approx(low, rel=1e-9, abs=1e-12)
        assert row["prop_diff_ci_high"] == pytest.approx(high, rel=1e-9, abs=1e-12)
        assert (
            -1.0 <= row["prop_diff_ci_low"] <= row["prop_diff"] <= row["prop_diff_ci_high"] <= 1.0
        )
        if fp + pf == 0:
            assert math.isnan(row["mcnemar_p"]) and "all_differences_zero" in notes_of(row)
            continue
        assert row["mcnemar_p"] == approx(stats.binomtest(fp, fp + pf).pvalue)
        k = min(fp, pf)
        midp = 2 * stats.binom.cdf(k, fp + pf, 0.5) - stats.binom.pmf(k, fp + pf, 0.5)
        assert row["mcnemar_midp"] == approx(midp)
        correction = 1 if fp != pf else 0
        chi2 = (abs(fp - pf) - correction) ** 2 / (fp + pf)
        assert row["mcnemar_chi2"] == approx(chi2)
        assert row["mcnemar_chi2_p"] == approx(stats.chi2.sf(chi2, 1))
