"""Every account the README names (its demo-accounts table, and the example given for the
handler of every other department) exists in the demo and signs in with the demo password.
The README once named `handler_zj`, which the demo never had."""

import re
from pathlib import Path

from django.test import Client

from tongxin.accounts.models import User

README = Path(__file__).resolve().parents[2] / "README.md"
PASSWORD = "tongxin-demo"


def readme_accounts() -> set[str]:
    text = README.read_text(encoding="utf-8")
    table = text.split("### Demo accounts", 1)[1].split("\n\n", 2)[2].split("\n\n", 1)[0]
    names: set[str] = set()
    for line in table.splitlines()[2:]:  # the header row and its rule
        first, rest = line.split("|")[1], "|".join(line.split("|")[2:])
        names |= {n for n in re.findall(r"`([a-z0-9_]+)`", first) if "<" not in n}
        names |= set(re.findall(r"`(handler_[a-z]+)`", rest))  # the example handler
    return names


def test_the_readme_names_the_accounts_of_every_role():
    names = readme_accounts()
    assert {"admin", "dispatcher", "citizen", "grid", "sysadmin", "handler_zhujian"} <= names


def test_every_account_the_readme_names_exists_and_signs_in(demo_base):
    for name in sorted(readme_accounts()):
        assert User.objects.filter(username=name).exists(), name
        assert Client().login(username=name, password=PASSWORD), name
