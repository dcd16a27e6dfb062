from django import template

register = template.Library()


@register.filter
def metric(cell: dict) -> str:
    """A metric cell as shown: rates as percentages, missing values as a dash."""
    value = cell["value"]
    if value is None:
        return "—"
    return f"{value:.1%}" if cell["rate"] else f"{value:g}"
