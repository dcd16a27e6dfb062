import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize("args", [
    ["--kind", "monthly", "--period", "2026-13"],
    ["--kind", "weekly", "--period", "2026-10"],
    ["--kind", "daily", "--period", "yesterday"],
    ["--kind", "monthly", "--period", "2026-10", "--region", "nowhere"],
])
def test_bad_input_exits_with_code_2(world, args):
    with pytest.raises(CommandError) as raised:
        call_command("report", *args)
    assert raised.value.returncode == 2
