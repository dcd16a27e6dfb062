"""Demo accounts: one per role (the names README.md lists), plus a handler for every other
department so demo cases dispatched anywhere can be signed for and answered.

All share the password `tongxin-demo`. Scopes name a place, resolved by the loader:
"district", "street:<name>", "grid:<street name>" (the first grid of that street) or
"dept:<department code>"; None for a citizen.
"""

from __future__ import annotations

from dataclasses import dataclass

from tongxin.accounts.models import Role

PASSWORD = "tongxin-demo"
DEMO_STREET = "矿区街道"


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    scope: str | None
    superuser: bool = False
    staff: bool = False  # may open the back office (/admin/)


ACCOUNTS: tuple[Account, ...] = (
    Account("admin", "系统管理员", Role.ADMIN, "district", superuser=True),
    Account("operator", "话务员 王敏", Role.OPERATOR, "district"),
    Account("dispatcher", "区指挥中心派单员 刘洋", Role.DISPATCHER, "district"),
    Account("street_dispatcher", "矿区街道派单员 陈静", Role.DISPATCHER, f"street:{DEMO_STREET}"),
    Account("handler", "区城管局承办人 赵强", Role.HANDLER, "dept:chengguan"),
    Account("grid", "网格员 孙丽", Role.GRID_WORKER, f"grid:{DEMO_STREET}"),
    Account("supervisor", "区督查室督办员 周涛", Role.SUPERVISOR, "district"),
    Account("leader", "区领导 吴建国", Role.LEADER, "district"),
    Account("citizen", "居民 张伟", Role.CITIZEN, None),
    # 三员分立: system, security and audit administrators (second factor required).
    Account("sysadmin", "系统管理员 郑磊", Role.SYSADMIN, "district", staff=True),
    Account("secadmin", "安全管理员 冯雪", Role.SECADMIN, "district", staff=True),
    Account("auditadmin", "审计管理员 何平", Role.AUDITADMIN, "district"),
)


def handler_username(department_code: str) -> str:
    """The handler account of a department (区城管局's is the plain `handler`)."""
    return "handler" if department_code == "chengguan" else f"handler_{department_code}"


def department_handler(department_code: str, short_name: str) -> Account:
    return Account(
        handler_username(department_code), f"{short_name}承办人", Role.HANDLER,
        f"dept:{department_code}",
    )
