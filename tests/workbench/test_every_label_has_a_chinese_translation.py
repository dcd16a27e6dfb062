"""Every workflow action has a label, every label reads in Chinese, and the shipped
catalogue has no untranslated or fuzzy entry."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tongxin.cases.labels import ACTION_LABELS, QUEUE_LABELS
from tongxin.cases.models import Status
from tongxin.cases.workflow import Action
from tongxin.workbench.action_forms import ACTION_FORMS

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

EXPECTED_ZH = {
    "register": "立案", "reject": "不予受理", "merge": "合并", "answer": "直接答复",
    "close_on_spot": "现场处置", "dispatch": "派遣", "escalate": "上报", "adjudicate": "研判",
    "accept": "签收", "return": "退回", "extend_request": "申请延期",
    "extend_approve": "批准延期", "extend_deny": "驳回延期", "reply": "办结反馈",
    "verify_pass": "核查通过", "verify_fail": "驳回重办", "rate": "评价", "reopen": "重办",
    "supervise": "督办", "refer": "移交纪检", "report": "上报/采集",
}


def test_every_action_has_a_label_and_a_form():
    actions = {a.value for a in Action}
    assert actions <= set(ACTION_LABELS)
    assert actions == set(ACTION_FORMS)


@pytest.mark.parametrize(("code", "zh"), EXPECTED_ZH.items())
def test_action_labels_in_chinese(code, zh):
    with translation.override("zh-hans"):
        assert str(ACTION_LABELS[code]) == zh


def test_queue_and_status_labels_in_chinese():
    with translation.override("zh-hans"):
        assert [str(QUEUE_LABELS[q]) for q in ("reported", "adjudicating", "registered",
                                               "dispatched", "in_progress", "replied",
                                               "closed")] == [
            "待受理", "研判中", "待派遣", "待签收", "处理中", "待核查", "已结案"]
        assert str(Status.REPLIED.label) == "待核查"


def test_catalogue_is_complete():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_compiled_catalogue_is_shipped_and_current():
    mo_path = PO.with_suffix(".mo")
    assert mo_path.exists(), "ship django.mo: a fresh machine has no msgfmt"

    def table(entries):
        return {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
                for e in entries if e.msgid}

    po = table(polib.pofile(str(PO)).translated_entries())
    mo = table(polib.mofile(str(mo_path)))
    stale = [key for key, text in po.items() if mo.get(key) != text]
    assert not stale, f"run compilemessages; .mo differs for {stale[:5]}"
