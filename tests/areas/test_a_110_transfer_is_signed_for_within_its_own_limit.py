"""A 110 transfer has its own limit to be signed for (TONGXIN_POLICE_SIGN_MINUTES): the
platform's first decision on it (here: registering it) signs for it; the police page counts
the transfers signed late or still unsigned past the limit."""

import re
from datetime import timedelta

from django.utils import timezone

from tests.api.support import Api, token_for
from tests.cases.loop import act
from tongxin.areas.models import PoliceTransfer
from tongxin.areas.selectors import return_rate
from tongxin.cases.models import Case, Channel

from .support import police_desk, transfer_body


def test_signed_in_time_and_late(world, settings, client):
    settings.TONGXIN_POLICE_SIGN_MINUTES = 10
    desk = Api(token_for(police_desk(world), Channel.POLICE))
    desk.post("/police/transfers", transfer_body("S1"))
    desk.post("/police/transfers", transfer_body("S2", text="市民报警称小区门口路灯不亮"))
    act(world, Case.objects.get(police_transfer__incident_no="S1"), "register", "dispatcher")

    signed = PoliceTransfer.objects.get(incident_no="S1")
    assert signed.signed_at is not None and signed.signed_at <= signed.sign_due()
    assert PoliceTransfer.objects.get(incident_no="S2").signed_at is None
    window = {"since": timezone.now() - timedelta(hours=1),
              "until": timezone.now() + timedelta(hours=1)}
    assert return_rate(world.user("dispatcher"), **window).signed_late == 0

    # The second has waited twenty minutes unsigned: late.
    PoliceTransfer.objects.filter(incident_no="S2").update(
        received_at=timezone.now() - timedelta(minutes=20))
    assert return_rate(world.user("dispatcher"), **window).signed_late == 1
    client.force_login(world.user("dispatcher"))
    page = client.get("/areas/police/").content.decode()
    # "Signed for later than 10 minutes after arrival: 1" in either language.
    assert re.search(r'data-testid="signed-late">[^<]*10[^<]*[:：]\s*1\b', page), page
