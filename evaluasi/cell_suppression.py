"""Complementary cell suppression, audited by linear programming: withheld counts that nothing
published beside them gives back.

A table is a vector of non-negative counts `x` (the cells of a transition table, or the
people at each score of a short scale) that is never published itself. What is published about
it is linear in `x`: some *items* (a cell, a margin: each a row `M[k]` with value `M[k] @ x`)
and some *facts* that are always published (`G x = h`: the number of pairs, the numbers who
improved, stayed and declined, the means). Primary suppression withholds the items of 1 to
MIN_GROUP - 1 people. An attacker then knows that `x` lies in the polytope

    P = {x >= 0 : G x = h, M[j] x = value_j for every published item j}

and a withheld item is recovered when `M[k] x` is the same for every x in P. `protect` adds
complementary suppressions until no withheld item is: it repeatedly finds a recoverable
withheld item and withholds the smallest published item related to it (sharing a cell or a
constraint), and the result is audited again.

Whether `M[k] x` is constant on P is decided exactly, without one optimisation per item: the
affine hull of P is {x : G' x = h', x_j = 0 for j in Z}, where G' stacks the facts and the
published items and Z are the coordinates that are 0 at every point of P (its implicit
equalities; Fourier-Motzkin or any LP text, e.g. Schrijver 1986, Theory of Linear and Integer
Programming, section 8.2). Z comes from one linear programme (maximise the number of
coordinates that can be made positive, in homogenised form), and `M[k] x` is constant on P
exactly when `M[k]` restricted to the other coordinates is orthogonal to the null space of G'
restricted to them. That answers over real x; counts are whole numbers, and a withheld item can
be free over the reals and still have one whole-number value (a range of [0, 0.5]). So once no
item is recoverable over the reals, the same question is asked over the integers with
mixed-integer programmes (`integer_recoverable`): one that makes as many withheld items as
possible differ from their true values at once, and for each item it left unchanged, one that
tries to move that item alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import linalg
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Table:
    """What is known about one table: see the module docstring.

    `items` (n_items x n_vars) and `values` describe what may be published; `facts` and
    `totals` what is always published (`facts @ x == totals`); `lower` and `upper` optional
    always-published inequalities (`lower_rows @ x >= lower` written as rows with bounds).
    `related[k]` lists the items whose suppression can protect item k, best first by the
    caller's judgement; `protect` picks the smallest value among them.
    """

    items: np.ndarray
    values: np.ndarray
    facts: np.ndarray
    totals: np.ndarray
    related: Sequence[Sequence[int]]
    at_least: np.ndarray | None = None  # rows r with r @ x >= bound
    at_least_bounds: np.ndarray | None = None
    # Lower ranks are withheld first as complements (e.g. cells before the margins readers see
    # as bars); all equal when not given.
    rank: Sequence[int] = ()

    def __post_init__(self) -> None:
        if not self.rank:
            object.__setattr__(self, "rank", (0,) * len(self.values))

    @property
    def n_vars(self) -> int:
        return int(self.items.shape[1])


def recoverable(table: Table, withheld: np.ndarray) -> np.ndarray:
    """For each item: True when it is withheld and yet the same for every table consistent with
    the facts and the published items (see the module docstring)."""
    equalities, targets = _system(table, withheld)
    zero = _implicit_zeros(equalities, targets)
    free = ~zero
    if free.any():
        basis = linalg.null_space(equalities[:, free]) if equalities.size else np.eye(free.sum())
    else:
        basis = np.zeros((0, 0))
    found = np.zeros(len(table.values), dtype=bool)
    for k in np.flatnonzero(withheld):
        row = table.items[k, : table.n_vars]
        if not free.any() or basis.size == 0:
            found[k] = True
            continue
        direction = _extended(row, equalities.shape[1])[free] @ basis
        found[k] = bool(np.all(np.abs(direction) < _TOLERANCE * max(1.0, np.abs(row).sum())))
    return found


def public_items(table: Table) -> np.ndarray:
    """Items the facts alone determine: they are public whatever is withheld, so they are never
    withheld (withholding them would only pretend)."""
    return recoverable(table, np.ones(len(table.values), dtype=bool))


def integer_recoverable(table: Table, withheld: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """For each item: True when it is withheld and every whole-number table consistent with
    what is published gives it its true value. `truth` is the true table (a solution)."""
    system = _integer_system(table, withheld)
    found = np.zeros(len(table.values), dtype=bool)
    hidden = np.flatnonzero(withheld)
    if not len(hidden):
        return found
    moved = _most_moved(table, system, hidden, truth)
    for k in hidden:
        if moved[k]:
            continue
        row = table.items[k]
        value = float(row @ truth)
        found[k] = not any(
            _feasible(system, row, low, high)
            for low, high in ((-np.inf, value - 1), (value + 1, np.inf))
        )
    return found


def protect(table: Table, primary: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """The items to withhold: `primary` (less what the facts determine anyway) and enough
    complementary items that no withheld item is recoverable, over the reals or the integers.
    `truth` is the table itself."""
    public = public_items(table)
    withheld = np.asarray(primary, dtype=bool) & ~public
    while withheld.any():
        exposed = recoverable(table, withheld)
        if not exposed.any():
            exposed = integer_recoverable(table, withheld, truth)
            if not exposed.any():
                break
        k = int(np.flatnonzero(exposed)[0])
        withheld[_complement(table, k, withheld | public)] = True
    return withheld


def _complement(table: Table, k: int, unavailable: np.ndarray) -> int:
    """The item to withhold next to protect item k: a non-zero item related to k, else any
    non-zero item, else a zero (a withheld zero protects little, shows a table emptier than it
    is, and its own row and column then need protecting); within each, the caller's `rank`,
    then the smallest count."""
    related = set(table.related[k])
    everything = range(len(table.values))
    for pool in (
        [j for j in table.related[k] if table.values[j] != 0],
        [j for j in everything if table.values[j] != 0 and j not in related],
        [j for j in table.related[k] if table.values[j] == 0],
        list(everything),
    ):
        candidates = [j for j in pool if not unavailable[j]]
        if candidates:
            return min(candidates, key=lambda j: (table.rank[j], table.values[j], j))
    # Cannot happen: an item the facts alone determine is public, never withheld.
    raise RuntimeError("cell suppression: nothing left to withhold")


@dataclass(frozen=True)
class _IntegerSystem:
    constraints: list[LinearConstraint]
    n_vars: int


def _integer_system(table: Table, withheld: np.ndarray) -> _IntegerSystem:
    published = ~np.asarray(withheld, dtype=bool)
    rows = np.vstack([table.facts, table.items[published]])
    values = np.concatenate([table.totals, table.values[published]])
    constraints = [LinearConstraint(rows, values, values)]
    if table.at_least is not None:
        constraints.append(LinearConstraint(table.at_least, table.at_least_bounds, np.inf))
    return _IntegerSystem(constraints, table.n_vars)


def _feasible(system: _IntegerSystem, row: np.ndarray, low: float, high: float) -> bool:
    result = milp(
        np.zeros(system.n_vars),
        constraints=[*system.constraints, LinearConstraint(row[None, :], low, high)],
        integrality=np.ones(system.n_vars),
        bounds=Bounds(0, np.inf),
    )
    return result.status == 0


def _most_moved(
    table: Table, system: _IntegerSystem, hidden: np.ndarray, truth: np.ndarray
) -> np.ndarray:
    """Which withheld items one whole-number table can move away from their true values, found
    by one programme that moves as many as it can: item k moves up (u_k) or down (d_k) by at
    least 1, with big-M slack when it does not."""
    n, h = system.n_vars, len(hidden)
    big = float(np.abs(table.items[hidden]).sum(axis=1).max() * (truth.sum() + 1) + 1)
    rows = table.items[hidden]
    values = rows @ truth
    # Variables: x (n), up (h), down (h); maximise sum(up + down).
    cost = np.concatenate([np.zeros(n), -np.ones(2 * h)])
    constraints = [
        LinearConstraint(np.hstack([c.A, np.zeros((c.A.shape[0], 2 * h))]), c.lb, c.ub)
        for c in system.constraints
    ]
    eye = np.eye(h)
    # up = 1 forces item >= value + 1: item - (1 + big) up >= value - big.
    constraints.append(
        LinearConstraint(
            np.hstack([rows, -(1 + big) * eye, np.zeros((h, h))]), values - big, np.inf
        )
    )
    # down = 1 forces item <= value - 1: -item - (1 + big) down >= -value - big.
    constraints.append(
        LinearConstraint(
            np.hstack([-rows, np.zeros((h, h)), -(1 + big) * eye]), -values - big, np.inf
        )
    )
    constraints.append(LinearConstraint(np.hstack([np.zeros((h, n)), eye, eye]), 0, 1))
    result = milp(
        cost,
        constraints=constraints,
        integrality=np.ones(n + 2 * h),
        bounds=Bounds(np.zeros(n + 2 * h), np.concatenate([np.full(n, np.inf), np.ones(2 * h)])),
    )
    moved = np.zeros(len(table.values), dtype=bool)
    if result.status == 0:
        chosen = result.x[n:]
        moved[hidden] = (chosen[:h] + chosen[h:]) > 0.5
    return moved


def _system(table: Table, withheld: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The equalities over (x, slacks) that an attacker knows: facts, published items, and each
    inequality as an equality with its own non-negative slack."""
    published = ~np.asarray(withheld, dtype=bool)
    rows = [table.facts, table.items[published]]
    targets = [table.totals, table.values[published]]
    n_slack = 0 if table.at_least is None else len(table.at_least)
    width = table.n_vars + n_slack
    blocks = [np.hstack([r, np.zeros((len(r), n_slack))]) for r in rows]
    if n_slack:
        blocks.append(np.hstack([table.at_least, -np.eye(n_slack)]))
        targets.append(table.at_least_bounds)
    equalities = np.vstack(blocks) if blocks else np.zeros((0, width))
    return equalities.astype(np.float64), np.concatenate(targets).astype(np.float64)


def _extended(row: np.ndarray, width: int) -> np.ndarray:
    out = np.zeros(width)
    out[: len(row)] = row
    return out


def _implicit_zeros(equalities: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Coordinates that are 0 in every non-negative solution of `equalities @ z == targets`.

    Homogenised: maximise sum(t) over y >= t, 0 <= t <= 1, equalities @ y == targets * s,
    s >= 1. A coordinate positive in some solution is positive in their average, which scaled
    up by s reaches 1, and all of them can reach 1 together; so at the optimum t_j is 1 for
    every coordinate that can be positive and 0 for the implicit zeros.
    """
    m, n = equalities.shape
    # Variables: y (n), t (n), s (1).
    cost = np.concatenate([np.zeros(n), -np.ones(n), [0.0]])
    a_eq = np.hstack([equalities, np.zeros((m, n)), -targets[:, None]])
    a_ub = np.hstack([-np.eye(n), np.eye(n), np.zeros((n, 1))])  # t - y <= 0
    bounds = [(0, None)] * n + [(0, 1)] * n + [(1, None)]
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.zeros(n),
        A_eq=a_eq if m else None,
        b_eq=np.zeros(m) if m else None,
        bounds=bounds,
        method="highs",
    )
    if not result.success:  # the true table is a solution, so only a numerical failure
        raise RuntimeError(f"cell suppression audit: {result.message}")
    return result.x[n : 2 * n] < 0.5
