"""A workforce return's answers as plain sentences, for people rather than machines.

Each answer becomes one sentence ("You worked about 21 to 30 hours a week this quarter.");
the return's own bookkeeping (its random id, the questionnaire version) is left out.
"""

from __future__ import annotations

from collections.abc import Callable

from microbiz.workforce.membership import parse_period

NOT_SAID = "prefer_not_to_say"
# what each personal answer is about, for "You chose not to say ..."
TOPICS = {
    "age_band": "your age",
    "gender": "your gender",
    "ethnic_group": "your ethnic group",
    "nationality": "your nationality",
    "disability": "whether you consider yourself disabled",
    "care_certificate": "whether you hold the Care Certificate",
    "qualification_level": "your care qualifications",
    "years_in_care": "how long you have worked in care",
    "previous_work": "what you did before working for yourself",
    "main_role": "your main kind of work",
    "region": "where you work",
    "employs_others": "whether you employ anyone",
}
PHRASES: dict[str, dict[str, str]] = {
    "gender": {
        "woman": "You are a woman.",
        "man": "You are a man.",
        "non_binary": "You are non-binary.",
        "another_term": "You describe your gender in another way.",
    },
    "ethnic_group": {
        "white": "Your ethnic group is White.",
        "mixed": "Your ethnic group is Mixed or multiple.",
        "asian": "Your ethnic group is Asian.",
        "black": "Your ethnic group is Black.",
        "other": "Your ethnic group is another group.",
    },
    "nationality": {"british": "You are British.", "other": "You have another nationality."},
    "disability": {
        "yes": "You consider yourself disabled.",
        "no": "You do not consider yourself disabled.",
    },
    "care_certificate": {
        "yes": "You hold the Care Certificate.",
        "no": "You do not hold the Care Certificate.",
        "in_progress": "You are working towards the Care Certificate.",
    },
    "qualification_level": {
        "none": "You have no care qualification.",
        "level_2": "Your highest care qualification is at level 2.",
        "level_3": "Your highest care qualification is at level 3.",
        "level_4_plus": "Your highest care qualification is at level 4 or above.",
    },
    "previous_work": {
        "council": "Before working for yourself you worked for a council.",
        "nhs": "Before working for yourself you worked for the NHS.",
        "care_provider": "Before working for yourself you worked for a care provider.",
        "pa_for_dp_employer": (
            "Before working for yourself you were a personal assistant for someone on a "
            "Direct Payment."
        ),
        "outside_care": "Before working for yourself you worked outside care.",
    },
    "main_role": {
        "personal_assistant": "You mainly work as a personal assistant.",
        "shared_lives_carer": "You mainly work as a Shared Lives carer.",
        "home_support": "You mainly give support at home.",
        "community_day_support": "You mainly give community or day support.",
        "other": "You mainly do another kind of care work.",
    },
    "employs_others": {"yes": "You employ other people.", "no": "You do not employ anyone."},
    "insurance_held": {
        "yes": "You had public liability insurance at the end of the quarter.",
        "no": "You did not have public liability insurance at the end of the quarter.",
    },
    "dbs_current": {
        "yes": "You had a current DBS check at the end of the quarter.",
        "no": "You did not have a current DBS check at the end of the quarter.",
    },
}
REGIONS = {
    "north_east": "the North East",
    "north_west": "the North West",
    "yorkshire_humber": "Yorkshire and the Humber",
    "east_midlands": "the East Midlands",
    "west_midlands": "the West Midlands",
    "east_of_england": "the East of England",
    "london": "London",
    "south_east": "the South East",
    "south_west": "the South West",
}
PAYERS = {
    "income_share_self_funded": "People paying for their own care",
    "income_share_direct_payment": "Direct Payments",
    "income_share_council": "Councils",
    "income_share_nhs": "The NHS",
    "income_share_shared_lives": "Shared Lives schemes",
    "income_share_other": "Other payers",
}
LEFT_OUT = ("submission_id", "questionnaire_version")


def return_sentences(data: dict) -> list[str]:
    """Each answer of a return as a sentence, in the return's order, bookkeeping left out."""
    sentences = []
    for field, value in data.items():
        if field in LEFT_OUT:
            continue
        if value == NOT_SAID:
            sentences.append(f"You chose not to say {TOPICS.get(field, field)}.")
        elif field in PHRASES:
            sentences.append(PHRASES[field].get(value, f"{field}: {value}."))
        elif field in PAYERS:
            sentences.append(_share(PAYERS[field], value))
        elif field in SAYERS:
            sentences.append(SAYERS[field](value))
        else:
            sentences.append(f"{field}: {value}.")
    return sentences


def _period(value: str) -> str:
    quarter = parse_period(value)
    return f"This return is for {quarter.first:%B} to {quarter.last:%B} {quarter.year}."


def _age(value: str) -> str:
    if value == "24_and_under":
        return "You are 24 or under."
    if value == "65_plus":
        return "You are 65 or over."
    return f"You are {_span(value)}."


def _years(value: str) -> str:
    words = {"under_1": "less than a year", "over_10": "more than 10 years"}
    return f"You have worked in adult social care for {words.get(value, _span(value) + ' years')}."


def _region(value: str) -> str:
    return f"You mainly work in {REGIONS.get(value, value)}."


def _hours(value: str) -> str:
    if value == "none":
        return "You delivered no hours of care this quarter."
    amount = "more than 50" if value == "over_50" else _span(value)
    return f"You worked about {amount} hours a week this quarter."


def _people(value: str) -> str:
    if value == "none":
        return "You supported nobody this quarter."
    if value == "1":
        return "You supported 1 person this quarter."
    amount = "more than 10" if value == "over_10" else _span(value)
    return f"You supported {amount} people this quarter."


def _rate(value: str) -> str:
    if value == "no_data":
        return "There were no visits this quarter to work out your hourly rate from."
    if value.startswith("under_"):
        amount = f"under £{value.removeprefix('under_')}"
    elif value.endswith("_plus"):
        amount = f"£{value.removesuffix('_plus')} or more"
    else:
        low, _, high = value.partition("_")
        amount = f"between £{low} and £{high}"
    return f"Your middle hourly rate this quarter was {amount} an hour."


def _share(payer: str, value: str) -> str:
    if value == "0":
        return f"{payer} paid none of your income this quarter."
    low, _, high = value.partition("_")
    return f"{payer} paid {low}% to {high}% of your income this quarter."


def _span(value: str) -> str:
    """'25_34' -> '25 to 34'."""
    return value.replace("_", " to ")


SAYERS: dict[str, Callable[[str], str]] = {
    "period": _period,
    "age_band": _age,
    "years_in_care": _years,
    "region": _region,
    "hours_per_week_band": _hours,
    "people_supported_band": _people,
    "median_hourly_rate_band": _rate,
}
