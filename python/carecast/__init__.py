"""carecast from Python: the adult social care workforce model for researchers.

A scenario is loaded, changed through the same checks as the command line's ``--set``,
and run by the same engine, with the same bytes for the same seed; results come back as
pandas data frames and NumPy arrays::

    import carecast
    england = carecast.england()
    base = carecast.run(england, years=10, seed=20250401)
    base.to_pandas()                                  # the tidy table of results.csv
    base.array("vacancy_rate", role="care worker")    # one value a month
    more = carecast.run(england.copy().set({"supply.domestic_multiplier": 1.1}))

Long calls release the GIL, report progress (``progress=True`` for a bar, or a
function of (done, total)) and stop at the next month on Ctrl+C.
"""

import itertools

import numpy as np
import pandas as pd

from . import _carecast

__all__ = ["Scenario", "Results", "load", "england", "run", "twin", "sweep", "optimise"]


class Scenario:
    """A checked scenario. Every change goes through the loader's checks: a refused
    value raises ValueError with the command line's message and changes nothing."""

    def __init__(self, checked):
        self._checked = checked

    @property
    def name(self):
        return self._checked.name

    @property
    def source(self):
        return self._checked.source

    @property
    def start_year(self):
        return self._checked.start_year

    @property
    def horizon_years(self):
        return self._checked.horizon_years

    @property
    def seed(self):
        return self._checked.seed

    @property
    def roles(self):
        return list(self._checked.roles)

    @property
    def areas(self):
        return list(self._checked.areas)

    @property
    def programmes(self):
        return list(self._checked.programmes)

    def copy(self):
        """An independent scenario with the same values."""
        return Scenario(self._checked.__copy__())

    def set(self, values):
        """Changes parameters, all or none: {"demand.annual_growth": 0.03, ...}, keys as
        ``carecast run --set`` takes them (see keys()). Returns the scenario."""
        # Whole numbers stay Python ints, so a seed past 2**53 is the seed given; the
        # rest are numbers as float() reads them. One door checks them all.
        values = {
            str(key): value if isinstance(value, int) and not isinstance(value, bool) else float(value)
            for key, value in dict(values).items()
        }
        if values:
            self._checked._set(values)
        return self

    def with_seed(self, seed):
        """Sets the seed (a whole number from 0 to 2**63 - 1). Returns the scenario."""
        if seed != int(seed) or not 0 <= int(seed) < 2**63:
            raise ValueError(f"scenario.seed: {seed}: allowed: a whole number from 0 to {2**63 - 1}")
        self._checked = self._checked._with_seed(int(seed))
        return self

    def get(self, key):
        """A parameter's value now (None for a key this scenario does not have)."""
        return self._checked.get(key)

    def keys(self):
        """Every parameter set() may change, with its value, allowed range, the source
        comment beside it in the file and whether an event may change it during a run
        (during_run), as a data frame."""
        return pd.DataFrame(self._checked._describe(),
                            columns=["key", "value", "min", "max", "allowed", "source",
                                     "during_run"])

    def to_toml(self):
        """The scenario as a file would give it."""
        return self._checked.to_toml()

    def __repr__(self):
        return (f"<carecast.Scenario {self.name!r}: {len(self.roles)} roles, "
                f"{len(self.areas)} areas, {self.horizon_years} years from {self.start_year}>")


def load(path):
    """A scenario file (TOML). Errors raise ValueError naming file:line:column and key."""
    return Scenario(_carecast.load(str(path)))


def england():
    """The embedded England baseline (2024/25, 14 roles, 9 regions)."""
    return Scenario(_carecast.england())


def _progress_function(progress):
    if progress is None or progress is False:
        return None
    if callable(progress):
        return progress
    try:
        from tqdm import tqdm
    except ImportError:
        tqdm = None
    state = {"bar": None}

    def report(done, total):
        if tqdm is not None:
            if state["bar"] is None:
                state["bar"] = tqdm(total=total, unit="month")
            state["bar"].update(done - state["bar"].n)
            if done >= total:
                state["bar"].close()
        else:
            print(f"\rcarecast: {done} of {total} months", end="\n" if done >= total else "",
                  flush=True)
    return report


class Results:
    """One run's results, one per replicate."""

    def __init__(self, run_results):
        self._run = run_results
        self._frames = {}

    @property
    def scenario(self):
        return Scenario(self._run.scenario)

    @property
    def replicates(self):
        return self._run.replicates

    @property
    def cancelled(self):
        return self._run.cancelled

    def csv(self, replicate=0):
        """results.csv's bytes for one replicate: the same as ``carecast run`` writes."""
        return self._run.csv(replicate)

    def summary(self, replicate=0):
        """The run summary the command line prints, as text."""
        return self._run.summary(replicate)

    def _frame(self, replicate):
        if replicate not in self._frames:
            t = self._run.tidy(replicate)
            self._frames[replicate] = pd.DataFrame({
                "month": t["month"],
                "area": pd.Categorical.from_codes(t["area"], t["areas"]),
                "role": pd.Categorical.from_codes(t["role"], t["roles"]),
                "metric": pd.Categorical.from_codes(t["metric"], t["metrics"]),
                "value": t["value"],
            })
        return self._frames[replicate]

    def to_pandas(self, replicate=None):
        """The tidy table of results.csv (month, area, role, metric, value); with several
        replicates and none chosen, every one, with a replicate column."""
        if replicate is not None or self.replicates == 1:
            return self._frame(replicate or 0).copy()
        frames = []
        for r in range(self.replicates):
            frame = self._frame(r).copy()
            frame.insert(0, "replicate", self._run.first_replicate + r)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    def array(self, metric, role="all", area="England", replicate=None):
        """One metric a month (month 0 first) as a NumPy array; with several replicates
        and none chosen, a replicates x months array."""
        replicates = [replicate] if replicate is not None else range(self.replicates)
        rows = []
        for r in replicates:
            frame = self._frame(r)
            chosen = frame[(frame["metric"] == metric) & (frame["role"] == role)
                           & (frame["area"] == area)]
            if chosen.empty:
                raise KeyError(f"no rows for metric {metric!r}, role {role!r}, area {area!r}")
            series = np.full(int(frame["month"].max()) + 1, np.nan)
            series[chosen["month"].to_numpy()] = chosen["value"].to_numpy()
            rows.append(series)
        return rows[0] if len(rows) == 1 else np.vstack(rows)

    def summary_dict(self, replicate=0):
        """Headline figures by role group and role: posts, filled posts and vacancy rate
        at the start and the end, and each leadership role's bench."""
        frame = self._frame(replicate)
        last = int(frame["month"].max())
        england_rows = frame[(frame["area"] == "England") & frame["month"].isin([0, last])]
        out = {"scenario": self._run.scenario.name, "months": last, "roles": {}}
        for (role, metric, month), value in england_rows.set_index(
                ["role", "metric", "month"])["value"].items():
            if metric not in ("posts", "filled", "vacancy_rate", "bench_strength",
                              "share_aged_55_plus", "fte_filled"):
                continue
            when = "start" if month == 0 else "end"
            out["roles"].setdefault(str(role), {}).setdefault(str(metric), {})[when] = value
        return out

    def __repr__(self):
        return (f"<carecast.Results {self._run.scenario.name!r}: {self.replicates} "
                f"replicate(s){', cancelled' if self.cancelled else ''}>")


def run(scenario=None, years=None, seed=None, replicates=1, threads=None, first_replicate=0,
        progress=None):
    """Runs the engine: the England baseline when no scenario is given. `threads` defaults
    to every core; results are byte-identical at any thread count."""
    scenario = scenario if scenario is not None else england()
    if seed is not None and (seed != int(seed) or not 0 <= int(seed) < 2**63):
        raise ValueError(f"seed: {seed}: allowed: a whole number from 0 to {2**63 - 1}")
    return Results(_carecast.run(scenario._checked, years, None if seed is None else int(seed),
                                 int(replicates), int(first_replicate), threads,
                                 _progress_function(progress)))


def twin(scenario=None, years=None):
    """The Markov twin's expected path (the engine's rules on expected numbers): a data
    frame of month, area, role, metric and value, England included as the sum of areas."""
    scenario = scenario if scenario is not None else england()
    t = _carecast.twin(scenario._checked, years)
    frame = pd.DataFrame({
        "month": t["month"],
        "area": pd.Categorical.from_codes(t["area"], t["areas"]),
        "role": pd.Categorical.from_codes(t["role"], t["roles"]),
        "metric": pd.Categorical.from_codes(t["metric"], t["metrics"]),
        "value": t["value"],
    })
    england_rows = frame.groupby(["month", "role", "metric"], observed=True,
                                 as_index=False)["value"].sum()
    england_rows.insert(1, "area", "England")
    frame = pd.concat([frame.astype({"area": str}), england_rows], ignore_index=True)
    return frame.astype({"area": "category", "role": str}).astype({"role": "category"})


def sweep(scenario=None, grid=None, years=None, seed=None, replicates=1, threads=None,
          metrics=None, area="England", progress=None):
    """Runs every combination of the grid ({key: [values]}) and returns one tidy frame
    with a column per parameter (England's rows, or `area`'s; `metrics` to keep fewer)."""
    scenario = scenario if scenario is not None else england()
    grid = dict(grid or {})
    keys = list(grid)
    frames = []
    for point, values in enumerate(itertools.product(*(grid[k] for k in keys))):
        changed = scenario.copy().set(dict(zip(keys, values)))
        frame = run(changed, years=years, seed=seed, replicates=replicates, threads=threads,
                    progress=progress).to_pandas()
        frame = frame[frame["area"] == area]
        if metrics is not None:
            frame = frame[frame["metric"].isin(list(metrics))]
        frame = frame.astype({"area": str, "role": str, "metric": str})
        for key, value in zip(keys, values):
            frame.insert(0, key, value)
        frame.insert(0, "point", point)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def optimise(scenario, objective=None, budget=None, target=None, replicates=10, candidates=3,
             threads=None):
    """carecast optimise: the best use of `budget` (GBP a year) for an objective ("min
    vacancy_rate, registered manager, years 3-5"), or with `target` ("vacancy_rate,
    registered manager, years 3-5 <= 0.08") the least budget that meets it. Returns a
    dict: the budget, and the verified allocations as a data frame (one row each, places
    per programme, the agents' mean and P5-P95, the paired difference from the priority
    order and its 95% interval, the chosen one marked)."""
    if (objective is None) == (target is None):
        raise ValueError("give an objective (with a budget) or a target, not both")
    if objective is not None and budget is None:
        raise ValueError("an objective needs a budget (GBP a year)")
    goal = objective if objective is not None else target
    decision = _carecast.optimise(scenario._checked, goal, target is not None,
                                  float(budget or 0), int(replicates), int(candidates), threads)
    rows = []
    for row in decision["allocations"]:
        flat = {k: v for k, v in row.items() if k != "places"}
        flat.update({f"places: {name}": n for name, n in row["places"].items()})
        rows.append(flat)
    decision["allocations"] = pd.DataFrame(rows)
    return decision
