"""Cell-key perturbation, the method the ONS used for Census 2021 tables.

Each return is given a random record key (0-255) when it is stored. A cell's key is the
sum of its returns' record keys mod 256, so the same returns always make the same key,
and the published perturbation table (ptable) turns (count, cell key) into the count
published. Every cell is shown; none is a count from 1 to K-1:
- 0 is published as 0;
- a count c from 1 to K-1 as K when the cell key is below 256 x c / K, else as 0 (so on
  average the count is kept);
- a count of K or more gets noise from -2 to +2 by its cell key (keys 0-12: -2, 13-63:
  -1, 64-191: 0, 192-242: +1, 243-255: +2), never below K.
"""

from __future__ import annotations

from microbiz.collector.tally import KEY_MODULUS

CELL_KEY = "cell-key"
NOISE_BY_KEY = ((13, -2), (64, -1), (192, 0), (243, 1), (KEY_MODULUS, 2))  # (keys below, noise)


def perturbed(count: int, cell_key: int, threshold: int) -> int:
    """The count published for a cell with this count and key."""
    if count == 0:
        return 0
    if count < threshold:
        return threshold if cell_key * threshold < KEY_MODULUS * count else 0
    noise = next(noise for below, noise in NOISE_BY_KEY if cell_key < below)
    return max(count + noise, threshold)


def ptable(threshold: int) -> dict:
    """The perturbation table's parameters, published with the release."""
    return {
        "record_keys": f"0-{KEY_MODULUS - 1}, random per return",
        "cell_key": f"sum of the cell's record keys mod {KEY_MODULUS}",
        "zero": 0,
        "small_counts": f"1-{threshold - 1} published as {threshold} when cell key < "
        f"{KEY_MODULUS} x count / {threshold}, else 0",
        "noise_by_cell_key": [
            {"keys": f"{low}-{below - 1}", "noise": noise}
            for low, (below, noise) in zip(
                [0, *(b for b, _ in NOISE_BY_KEY)], NOISE_BY_KEY, strict=False
            )
        ],
        "floor": threshold,
    }


def ptable_note(threshold: int) -> str:
    """The ptable in one paragraph, for the notes."""
    ranges = ", ".join(
        f"{row['keys']}: {row['noise']:+d}" for row in ptable(threshold)["noise_by_cell_key"]
    )
    return (
        "Cell-key perturbation (the ONS method for Census 2021): each return has a random "
        f"record key from 0 to {KEY_MODULUS - 1}; a cell's key is the sum of its returns' keys "
        f"mod {KEY_MODULUS}, so the same cell always gets the same change. Zero stays 0; a "
        f"count from 1 to {threshold - 1} is published as {threshold} when its cell key is "
        f"below {KEY_MODULUS} x count / {threshold}, otherwise as 0; a count of {threshold} "
        f"or more gets noise by its cell key ({ranges}), never going below {threshold}. "
        "Totals are perturbed as cells too, so rows need not add up to them."
    )
