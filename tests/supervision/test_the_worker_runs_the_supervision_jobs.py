"""`tongxin worker` runs the sweep (which opens automatic orders), escalation and referral
detection each round; referral detection at most every few minutes."""

from django.core.management import call_command

from tongxin.worker import jobs as worker


def test_jobs_are_registered():
    assert set(worker.JOBS) >= {"sla_sweep", "supervision_escalation", "referral_detection"}
    assert worker.EVERY["referral_detection"] >= 60


def test_one_round_runs(db):
    call_command("worker", "--once")
