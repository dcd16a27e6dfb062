"""A room and a mediator each have one calendar: a session that overlaps another of the same
room or the same mediator is refused (touching end to start is fine, a cancelled session
frees its time), also when two requests arrive at the same moment on two connections
(PostgreSQL: the mediator's and the room's rows are locked before the calendar is read)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.cases.loop import local
from tests.concurrently import at_once
from tongxin.core.errors import ValidationFailed
from tongxin.mediation.models import Session
from tongxin.mediation.services import Booking, book_session

from .centre import build_centre
from .flow import dispute_case

T0 = local(2026, 9, 21, 9)
NINE, TEN, ELEVEN = local(2026, 9, 22, 9), local(2026, 9, 22, 10), local(2026, 9, 22, 11)


def book(centre, case, mediator: str, room: str | None, start, end, actor="med_li"):
    return book_session(case_id=case.pk, actor=centre.user(actor), at=T0, booking=Booking(
        mediator=centre.mediators[mediator], room=centre.rooms[room] if room else None,
        on_site="" if room else "当事人家中", starts_at=start, ends_at=end))


def test_an_overlapping_booking_of_the_room_or_the_mediator_is_refused(world, centre):
    first, second = (dispute_case(world, centre, at=T0) for _ in range(2))
    book(centre, first, "med_li", "r1", NINE, ELEVEN)
    with pytest.raises(ValidationFailed, match="room"):
        book(centre, second, "med_wang", "r1", TEN, local(2026, 9, 22, 12))
    with pytest.raises(ValidationFailed, match="mediator"):
        book(centre, second, "med_li", "r2", TEN, local(2026, 9, 22, 12))
    with pytest.raises(ValidationFailed, match="mediator"):
        book(centre, second, "med_li", None, NINE, TEN)  # on site, but the mediator is busy
    assert Session.objects.count() == 1
    assert second.events.filter(action="mediation_book").count() == 0


def test_back_to_back_sessions_and_a_cancelled_one_do_not_clash(world, centre):
    first, second = (dispute_case(world, centre, at=T0) for _ in range(2))
    book(centre, first, "med_li", "r1", NINE, TEN)
    book(centre, second, "med_wang", "r1", TEN, ELEVEN)  # starts when the first ends
    Session.objects.filter(dispute_id=first.pk).update(cancelled=True)
    book(centre, second, "med_li", "r1", NINE, TEN)
    assert Session.objects.filter(cancelled=False).count() == 2


def test_only_the_committee_books_and_only_its_rooms(world, centre):
    case = dispute_case(world, centre, at=T0)
    with pytest.raises(ValidationFailed, match="room of the organisation"):
        book(centre, case, "med_li", "d1", NINE, TEN)  # a room of the district centre
    with pytest.raises(ValidationFailed, match="mediator of the organisation"):
        book(centre, case, "med_qian", "r1", NINE, TEN)


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="two writing connections need PostgreSQL")


@postgresql_only
@pytest.mark.parametrize("clash", ["same-room", "same-mediator"])
def test_two_bookings_at_the_same_moment_exactly_one_wins(committed_world, clash):
    world = committed_world
    centre = build_centre(world)
    cases = [dispute_case(world, centre, at=T0) for _ in range(2)]
    if clash == "same-room":
        wanted = [("med_li", "r1"), ("med_wang", "r1")]
    else:
        wanted = [("med_li", "r1"), ("med_li", "r2")]

    def attempt(i: int) -> str:
        mediator, room = wanted[i]
        try:
            book(centre, cases[i], mediator, room, NINE, ELEVEN)
        except ValidationFailed as refused:
            return f"refused: {refused}"
        return "booked"

    for _round in range(3):
        Session.objects.all().delete()
        outcome = at_once(2, attempt)
        assert sorted(outcome)[0] == "booked" and outcome.count("booked") == 1, outcome
        assert Session.objects.count() == 1
