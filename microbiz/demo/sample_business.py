"""A realistic sample business in Leeds, to try Microbiz or show it, never mixed with real data.

Phone numbers are from Ofcom's ranges kept for drama (0113 496 0xxx, 07700 900xxx) and
email addresses use the reserved .example domain, so no real person can be reached.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from fractions import Fraction

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import set_client_status
from microbiz.demo.compliance import add_demo_compliance
from microbiz.demo.expenses import add_demo_expenses
from microbiz.demo.hours import add_demo_hours
from microbiz.demo.hours import deliver_history
from microbiz.demo.hours import stop_schedules
from microbiz.demo.invoices import add_demo_invoices
from microbiz.foundations import clock
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import get_business
from microbiz.foundations.business import save_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money_plain
from microbiz.foundations.money import round_half_up

MAX_CLIENTS = 200
MAX_YEARS = 10

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

# Funding routes in the proportions a typical sole trader sees, Direct Payments most.
FUNDING_MIX = (
    ["direct_payment"] * 4 + ["self_funded"] * 3 + ["council"] * 2 + ["nhs"] * 2 + ["shared_lives"]
)
CONTRACTED_HOURS = [
    "3", "4", "5", "6", "7.5", "8", "10", "12", "14", "15", "16", "20", "24", "30", "37.5", "40",
]  # fmt: skip
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


def create_demo(
    clients: int = 12, seed: int = 1, today: date | None = None, years: int = 1
) -> None:
    """Fill an empty data folder with the sample business, clients and `years` of visits.

    All or nothing. Paused and ended clients' schedules stop some weeks before `today`.
    """
    if not 1 <= clients <= MAX_CLIENTS:
        raise UserError(f"The demo can have 1 to {MAX_CLIENTS} clients.")
    if not 0 <= years <= MAX_YEARS:
        raise UserError(f"The demo can have 0 to {MAX_YEARS} years of visits.")
    rng = random.Random(seed)
    today = today or clock.today()
    with database.atomic():
        _refuse_if_in_use()
        save_business(demo_business_form())
        made = [(save_client(form), status) for form, status in _demo_clients(rng, clients, today)]
        for client, _ in made:
            add_demo_hours(rng, client, years, today)
        for client, status in made:
            if status != "active":
                stop_schedules(client, today - timedelta(weeks=rng.randint(1, 12)))
                set_client_status(client.id, status)
        deliver_history(rng, today)
        add_demo_invoices(rng, today)
        add_demo_compliance(today)
        add_demo_expenses(rng, today, years)


def _refuse_if_in_use() -> None:
    """Protect real data: the demo only goes into a folder with no business and no clients."""
    business = get_business()
    if business is not None:
        raise UserError(
            f"This data folder already belongs to {business.trading_name}; "
            "make the demo in an empty folder (use --data-dir)."
        )
    if Client.select().exists():
        raise UserError("This data folder already has clients; make the demo in an empty folder.")


def demo_business_form() -> BusinessForm:
    """Kind Hands Care, a sole trader in Headingley, Leeds."""
    return BusinessForm(
        trading_name="Kind Hands Care",
        owner_name="Jo Whitaker",
        address="14 Moorland Avenue\nHeadingley\nLeeds",
        postcode="LS6 1AL",
        phone="0113 496 0123",
        email="jo@kindhandscare.example",
        bank_account_name="J Whitaker t/a Kind Hands Care",
        bank_sort_code="60-16-13",
        bank_account_number="31926819",
        payment_terms_days="14",
        invoice_prefix="INV-",
    )


def _demo_clients(rng: random.Random, count: int, today: date) -> list[tuple[ClientForm, str]]:
    """`count` clients with their status: a few paused and ended, the rest active."""
    names = _unique_names(rng, count)
    routes = [FUNDING_MIX[i % len(FUNDING_MIX)] for i in range(count)]
    rng.shuffle(routes)
    statuses = _statuses(rng, count)
    return [
        (_client_form(rng, name, route, today), status)
        for name, route, status in zip(names, routes, statuses, strict=True)
    ]


def _unique_names(rng: random.Random, count: int) -> list[str]:
    weights = [group[0] for group in NAME_GROUPS]
    names: list[str] = []
    while len(names) < count:
        _, firsts, surnames = rng.choices(NAME_GROUPS, weights)[0]
        name = f"{rng.choice(firsts)} {rng.choice(surnames)}"
        if name not in names:
            names.append(name)
    return names


def _statuses(rng: random.Random, count: int) -> list[str]:
    """About one in ten paused and one in ten ended, at least one of each from six clients."""
    few = max(1, count // 10) if count >= 6 else 0
    statuses = ["paused"] * few + ["ended"] * few + ["active"] * (count - 2 * few)
    rng.shuffle(statuses)
    return statuses


def _client_form(rng: random.Random, name: str, route: str, today: date) -> ClientForm:
    street, district, outward = rng.choice(STREETS)
    form = ClientForm(
        name=name,
        address=f"{rng.randint(1, 180)} {street}\n{district}\nLeeds",
        postcode=f"{outward} {rng.randint(1, 9)}{''.join(rng.choices(INWARD_LETTERS, k=2))}",
        phone=_phone(rng),
        email=_email(rng, name),
        start_date=(today - timedelta(days=rng.randint(30, 5 * 365))).isoformat(),
        funding_route=route,
        contracted_hours=rng.choice(CONTRACTED_HOURS),
        notes=rng.choice(NOTES),
        **_rates(rng),
    )
    _set_payer(rng, form)
    return form


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


def _rates(rng: random.Random) -> dict[str, str]:
    """A weekday rate of £17-£24, weekends 10-20% more, bank holidays time and a half."""
    weekday = rng.randrange(1700, 2425, 25)
    weekend = round_half_up(Fraction(weekday * (100 + rng.randint(10, 20)), 100))
    holiday = round_half_up(Fraction(weekday * 3, 2))
    return {
        "weekday_rate": format_money_plain(weekday),
        "weekend_rate": format_money_plain(weekend),
        "bank_holiday_rate": format_money_plain(holiday),
    }


def _set_payer(rng: random.Random, form: ClientForm) -> None:
    """Who is sent the invoices, as the funding route makes likely; else the client pays."""
    payer = ROUTE_PAYERS.get(form.funding_route)
    if payer is None and form.funding_route == "direct_payment" and rng.random() < 0.3:
        payer = MANAGED_ACCOUNT
    if payer is not None:
        form.payer_kind = payer.kind
        form.payer_name = payer.name
        form.payer_address = payer.address
        form.payer_postcode = payer.postcode
        form.payer_email = payer.email
        form.payer_reference = f"{payer.reference_prefix}{rng.randint(100000, 999999)}"
    elif rng.random() < 0.35:
        _set_representative(rng, form)


def _set_representative(rng: random.Random, form: ClientForm) -> None:
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
