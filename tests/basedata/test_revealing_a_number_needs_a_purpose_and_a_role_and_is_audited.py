"""The full ID number and phone are shown only for a stated purpose, to the roles allowed to
(the grid's worker, the administrator), and each reveal is an audit row."""

from tests.basedata.api import api_as
from tests.basedata.people import citizen_id, person
from tongxin.security.models import AuditEntry


def test_a_reveal_with_a_purpose_is_audited(world):
    zhang = person(world.grids["A1"], 1, phone="13812345678")
    response = api_as(world.user("grid_a1")).post(
        f"/api/v1/people/{zhang.pk}/reveal", {"purpose": "核实低保申请"},
        content_type="application/json")
    assert response.json() == {"id_number": citizen_id(1), "phone": "13812345678"}
    entry = AuditEntry.objects.get(action="reveal", object_id=str(zhang.pk))
    assert entry.detail["purpose"] == "核实低保申请"


def test_no_purpose_or_no_role_reveals_nothing(world):
    zhang = person(world.grids["A1"], 1)
    url = f"/api/v1/people/{zhang.pk}/reveal"
    no_purpose = api_as(world.user("grid_a1")).post(url, {"purpose": ""},
                                                    content_type="application/json")
    assert no_purpose.status_code in (400, 422)
    dispatcher = api_as(world.user("dispatcher")).post(url, {"purpose": "查看"},
                                                       content_type="application/json")
    assert dispatcher.status_code == 403
    assert not AuditEntry.objects.filter(action="reveal").exists()
