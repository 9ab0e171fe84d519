"""Care worker vacancies in England to 2035 under the rules in force and two what-ifs:
recruitment from within England 10% higher, and turnover 10% lower.

Usage: python3 what_if.py [OUTPUT_FOLDER]   (writes care-worker-vacancies.png there)
"""
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")  # no window needed
import matplotlib.pyplot as plt
import numpy as np

import carecast

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
england = carecast.england()
futures = {
    "rules in force (baseline)": england,
    "domestic recruitment +10%": england.copy().set({"supply.domestic_multiplier": 1.1}),
    "turnover -10%": england.copy().set({"workforce.turnover_multiplier": 0.9}),
}

fig, ax = plt.subplots(figsize=(8, 4.5))
for label, scenario in futures.items():
    results = carecast.run(scenario, years=10, seed=20250401)
    rate = results.array("vacancy_rate", role="care worker")  # month 0 to 120
    years = scenario.start_year + np.arange(len(rate)) / 12
    ax.plot(years, 100 * rate, label=label)
    print(f"{label}: care worker vacancy rate {100 * rate[0]:.1f}% in {scenario.start_year}, "
          f"{100 * rate[60]:.1f}% in {scenario.start_year + 5}, "
          f"{100 * rate[-1]:.1f}% in {scenario.start_year + 10}")

ax.set_xlabel("year")
ax.set_ylabel("care worker vacancy rate, %")
ax.set_ylim(bottom=0)
ax.set_title("England: care worker vacancies under three futures (carecast)")
ax.legend()
fig.tight_layout()
fig.savefig(out / "care-worker-vacancies.png", dpi=120)
print(f"wrote {out / 'care-worker-vacancies.png'}")
