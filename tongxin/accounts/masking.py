"""Masking of a reporter's personal data for staff without cases.view_personal.

Handlers need the problem, not the person: 138****5678 and 张* keep a call-back traceable by
the command center (which sees the full values) without spreading them to every unit.
"""


def mask_phone(phone: str) -> str:
    """Keep the first three and last four characters: 13812345678 → 138****5678."""
    phone = (phone or "").strip()
    if len(phone) <= 7:
        # Too short to keep both ends without giving most of it away.
        return phone[:3] + "*" * (len(phone) - 3) if len(phone) > 3 else "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_email(email: str) -> str:
    """Keep the first character and the domain: zhang.san@example.cn → z***@example.cn."""
    local, _at, domain = (email or "").strip().partition("@")
    return f"{local[:1]}***@{domain}" if local and domain else ""


def mask_name(name: str) -> str:
    """Keep the family name (first character): 张三 → 张*, 欧阳娜娜 → 欧***."""
    name = (name or "").strip()
    return name[0] + "*" * max(1, len(name) - 1) if name else ""


def mask_id_number(number: str) -> str:
    """Keep the region prefix and the check digit: 370402199001011234 → 370402***********4."""
    number = (number or "").strip()
    if len(number) <= 7:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 7) + number[-1]


def mask_address(address: str) -> str:
    """Keep the road and the community, hide every house, unit and room number:
    建设路12号3单元502室 → 建设路**号*单元***室. Enough to place the problem, not the person."""
    return "".join("*" if ch.isdigit() else ch for ch in (address or ""))
