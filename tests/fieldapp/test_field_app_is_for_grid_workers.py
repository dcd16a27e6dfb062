"""The field app page opens for a grid worker (with the cases to verify in the grid) and is
refused to other staff; anonymous visitors are sent to log in."""

from tests.frontline import handle
from tongxin.cases.services import NewCase, create_case


def test_field_app_is_for_grid_workers(world, client):
    case = create_case(actor=world.user("dispatcher"), new=NewCase(
        channel="hotline", title="井盖缺失", region=world.grids["A1"]))
    handle(world, case, result="已补装井盖", verify=False)

    assert client.get("/field/").status_code == 302
    client.force_login(world.user("grid_a1"))
    page = client.get("/field/")
    assert page.status_code == 200
    assert f'data-verify="{case.pk}"' in page.content.decode()
    client.force_login(world.user("handler"))
    assert client.get("/field/").status_code == 403
