"""The words the published tables use for questions and answers."""

from __future__ import annotations

TITLES = {
    "age_band": "Age",
    "gender": "Gender",
    "ethnic_group": "Ethnic group",
    "nationality": "Nationality",
    "disability": "Disability",
    "care_certificate": "Care Certificate",
    "qualification_level": "Highest care qualification",
    "years_in_care": "Years in adult social care",
    "previous_work": "Work before self-employment",
    "main_role": "Main role",
    "region": "Region",
    "employs_others": "Employs others",
    "hours_per_week_band": "Hours delivered per week",
    "people_supported_band": "People supported",
    "median_hourly_rate_band": "Median hourly rate",
    "income_share_self_funded": "Income share: self-funded",
    "income_share_direct_payment": "Income share: Direct Payments",
    "income_share_council": "Income share: council",
    "income_share_nhs": "Income share: NHS",
    "income_share_shared_lives": "Income share: Shared Lives",
    "income_share_other": "Income share: other",
    "insurance_held": "Insurance held",
    "dbs_current": "DBS check current",
}
LABELS = {
    "prefer_not_to_say": "Prefer not to say",
    "24_and_under": "24 and under",
    "65_plus": "65+",
    "non_binary": "Non-binary",
    "another_term": "Another term",
    "in_progress": "In progress",
    "level_4_plus": "Level 4+",
    "under_1": "Under 1",
    "over_10": "Over 10",
    "over_50": "Over 50",
    "nhs": "NHS",
    "care_provider": "Care provider",
    "pa_for_dp_employer": "PA for a Direct Payment employer",
    "outside_care": "Outside care",
    "personal_assistant": "Personal assistant",
    "shared_lives_carer": "Shared Lives carer",
    "home_support": "Home support",
    "community_day_support": "Community or day support",
    "north_east": "North East",
    "north_west": "North West",
    "yorkshire_humber": "Yorkshire and the Humber",
    "east_midlands": "East Midlands",
    "west_midlands": "West Midlands",
    "east_of_england": "East of England",
    "london": "London",
    "south_east": "South East",
    "south_west": "South West",
    "no_data": "No data",
    "under_12": "Under £12",
    "30_plus": "£30+",
}


def label(value: str) -> str:
    """An answer or field name in words: "25_34" -> "25-34", "14_16" -> "14-16"."""
    if value in LABELS:
        return LABELS[value]
    parts = value.split("_")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{parts[0]}-{parts[1]}"
    return value.replace("_", " ").capitalize()


def value_label(field: str, value: str) -> str:
    """An answer in words within its question (money and percentage bands get their unit)."""
    text = label(value)
    if field == "median_hourly_rate_band" and text[0].isdigit():
        low, _, high = text.partition("-")
        return f"£{low}-£{high}"
    if field.startswith("income_share_"):
        return f"{text}%"
    return text


def title_of(fields: list[str] | tuple[str, ...]) -> str:
    """A table's title: "Region", or "Region by main role" for a two-way table."""
    first = TITLES.get(fields[0], label(fields[0]))
    if len(fields) == 1:
        return first
    return f"{first} by {TITLES.get(fields[1], label(fields[1])).lower()}"
