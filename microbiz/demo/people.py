"""The demo's people and payers in Leeds: names that belong together, addresses, rates.

Phone numbers are from Ofcom's ranges kept for drama (0113 496 0xxx, 07700 900xxx) and
email addresses use the reserved .example domain, so no real person can be reached.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from fractions import Fraction

from microbiz.clients.details import ClientForm
from microbiz.foundations.money import format_money_plain
from microbiz.foundations.money import round_half_up

# (how often picked, first names, surnames): names that belong together.
NAME_GROUPS = [
    (
        12,
        ("Margaret", "Dorothy", "Harold", "Kenneth", "Joan", "Brian", "Patricia", "Raymond",
         "Sylvia", "Stanley", "Eileen", "Barbara", "Derek", "Maureen", "Geoffrey", "Chloe",
         "Daniel", "Emily", "Jack", "Shirley"),
        ("Brown", "Smith", "Walker", "Wright", "Wood", "Thompson", "Robinson", "Hughes",
         "Clarke", "Lewis", "Barker", "Holroyd", "Sutcliffe", "Ackroyd", "Hirst"),
    ),
    (
        3,
        ("Arjun", "Priya", "Rajesh", "Sunita", "Deepak", "Meera"),
        ("Patel", "Sharma", "Mistry", "Joshi"),
    ),
    (
        3,
        ("Mohammed", "Fatima", "Aisha", "Imran", "Nasreen", "Tariq", "Zubair", "Shazia"),
        ("Khan", "Hussain", "Ahmed", "Iqbal", "Akhtar"),
    ),
    (
        2,
        ("Siobhan", "Declan", "Bridget", "Patrick", "Maeve", "Ciaran"),
        ("O'Neill", "Murphy", "Byrne", "Doyle", "Kelly", "McCarthy"),
    ),
    (
        2,
        ("Winston", "Hyacinth", "Delroy", "Marcia", "Leroy", "Gloria"),
        ("Campbell", "Williams", "Francis", "Bailey", "Grant"),
    ),
    (
        1,
        ("Tomasz", "Krystyna", "Zofia", "Marek", "Jadwiga"),
        ("Nowak", "Mazur", "Wójcik", "Kaczmarek"),
    ),
]  # fmt: skip

# Streets with the district and postcode district they are in.
STREETS = [
    ("Otley Road", "Headingley", "LS6"),
    ("Harehills Lane", "Harehills", "LS8"),
    ("Roundhay Road", "Roundhay", "LS8"),
    ("Beeston Road", "Beeston", "LS11"),
    ("Town Street", "Armley", "LS12"),
    ("Stanningley Road", "Bramley", "LS13"),
    ("Kirkstall Lane", "Kirkstall", "LS5"),
    ("Harrogate Road", "Chapel Allerton", "LS7"),
    ("Selby Road", "Halton", "LS15"),
    ("Street Lane", "Moortown", "LS17"),
    ("Dewsbury Road", "Hunslet", "LS11"),
    ("Wakefield Road", "Rothwell", "LS26"),
    ("Westgate", "Otley", "LS21"),
    ("New Road Side", "Horsforth", "LS18"),
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
NOTES = [
    "Prefers visits after 10am.",
    "Hearing aid in the left ear; speak clearly and face them.",
    "Likes a walk to the library on Thursdays.",
    "Has a cat called Biscuit; keep the back door shut.",
    "Diabetic; lunch by 1pm.",
    "Daughter visits at weekends and likes a quick update.",
    "Uses a wheelchair outdoors; ramp at the side door.",
    "",
    "",
    "",
]


@dataclass(frozen=True)
class Payer:
    """An organisation that pays invoices for some clients."""

    kind: str
    name: str
    address: str
    postcode: str
    email: str
    reference_prefix: str


COUNCIL = Payer(
    "council",
    "Leeds City Council Adult Social Care",
    "Merrion House\n110 Merrion Centre\nLeeds",
    "LS2 8BB",
    "asc.invoices@leeds-council.example",
    "PO 4500",
)
NHS = Payer(
    "nhs",
    "NHS West Yorkshire ICB (Continuing Healthcare)",
    "White Rose House\nWest Parade\nWakefield",
    "WF1 1LT",
    "chc.invoices@wyicb.example",
    "CHC-",
)
SHARED_LIVES = Payer(
    "scheme",
    "Leeds Shared Lives Scheme",
    "Sheepscar Court\nNorthside Business Park\nLeeds",
    "LS7 2BB",
    "sharedlives@leeds-council.example",
    "SL-",
)
MANAGED_ACCOUNT = Payer(
    "managed_account",
    "Aire Valley Managed Accounts Ltd",
    "Unit 4, Canal Wharf\nLeeds",
    "LS11 5PS",
    "payments@airevalley-accounts.example",
    "MA-",
)
ROUTE_PAYERS = {"council": COUNCIL, "nhs": NHS, "shared_lives": SHARED_LIVES}


def unique_names(rng: random.Random, count: int) -> list[str]:
    """`count` different full names, first name and surname from one group."""
    weights = [group[0] for group in NAME_GROUPS]
    names: list[str] = []
    while len(names) < count:
        _, firsts, surnames = rng.choices(NAME_GROUPS, weights)[0]
        name = f"{rng.choice(firsts)} {rng.choice(surnames)}"
        if name not in names:
            names.append(name)
    return names


def client_form(
    rng: random.Random,
    name: str,
    route: str,
    today: date,
    contracted: Sequence[str],
    weekday_pence: range,
) -> ClientForm:
    """A client in Leeds with one of the `contracted` hours, paying until a payer is set."""
    street, district, outward = rng.choice(STREETS)
    return ClientForm(
        name=name,
        address=f"{rng.randint(1, 180)} {street}\n{district}\nLeeds",
        postcode=f"{outward} {rng.randint(1, 9)}{''.join(rng.choices(INWARD_LETTERS, k=2))}",
        phone=_phone(rng),
        email=_email(rng, name),
        start_date=(today - timedelta(days=rng.randint(30, 5 * 365))).isoformat(),
        funding_route=route,
        contracted_hours=rng.choice(contracted),
        notes=rng.choice(NOTES),
        **rates(rng, weekday_pence),
    )


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"0113 496 0{rng.randint(0, 999):03d}"
    return f"07700 900{rng.randint(0, 999):03d}"


def _email(rng: random.Random, name: str) -> str:
    """About four in ten clients use email."""
    if rng.random() >= 0.4:
        return ""
    local = ".".join(part.lower().replace("'", "") for part in name.split())
    return f"{local}@example.com"


def rates(rng: random.Random, weekday_pence: range) -> dict[str, str]:
    """A weekday rate from `weekday_pence`, weekends 10-20% more, bank holidays time and a half."""
    weekday = rng.choice(weekday_pence)
    weekend = round_half_up(Fraction(weekday * (100 + rng.randint(10, 20)), 100))
    holiday = round_half_up(Fraction(weekday * 3, 2))
    return {
        "weekday_rate": format_money_plain(weekday),
        "weekend_rate": format_money_plain(weekend),
        "bank_holiday_rate": format_money_plain(holiday),
    }


def set_payer(rng: random.Random, form: ClientForm, payer: Payer) -> None:
    """`payer` is sent the client's invoices, with a reference of theirs."""
    form.payer_kind = payer.kind
    form.payer_name = payer.name
    form.payer_address = payer.address
    form.payer_postcode = payer.postcode
    form.payer_email = payer.email
    form.payer_reference = f"{payer.reference_prefix}{rng.randint(100000, 999999)}"


def set_representative(rng: random.Random, form: ClientForm) -> None:
    """A relative who manages the money and receives the invoices at the client's home."""
    first, surname = form.name.rsplit(" ", 1)
    relatives = [name for name in _first_names_with(surname) if name != first]
    form.payer_kind = "representative"
    form.payer_name = f"{rng.choice(relatives)} {surname}"
    form.payer_address = form.address
    form.payer_postcode = form.postcode


def _first_names_with(surname: str) -> tuple[str, ...]:
    """The first names of the name group `surname` belongs to."""
    return next(firsts for _, firsts, surnames in NAME_GROUPS if surname in surnames)
