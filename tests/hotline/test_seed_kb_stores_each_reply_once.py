"""`tongxin hotline seed-kb` stores a derived question and answer per reply, once; running it
again adds nothing; a missing file or wrong columns exit with code 2."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tongxin.hotline.models import KnowledgeArticle

CSV = """id,user,subject,created,text,reply,replied
1,u1,小区停车收费问题,2019/4/25,内容,"网友：您好！您反映的停车收费问题，经核实已责令物业整改。",2019/5/1
2,u2,学校招生咨询,2019/4/26,内容,"网友您好，招生按片区划分，请于6月登录招生平台报名。",2019/5/2
3,u3,无答复,2019/4/27,内容,,
"""


def test_seed_kb_stores_each_reply_once(db, tmp_path):
    path = tmp_path / "replies.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("hotline", "seed-kb", "--data", str(path))
    call_command("hotline", "seed-kb", "--data", str(path))
    assert KnowledgeArticle.objects.count() == 2
    parking = KnowledgeArticle.objects.get(source_ref="1")
    assert parking.question == "小区停车收费问题"
    assert parking.answer.startswith("您好！您反映的停车收费问题")  # salutation dropped

    with pytest.raises(CommandError) as missing:
        call_command("hotline", "seed-kb", "--data", str(tmp_path / "none.csv"))
    assert missing.value.returncode == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError) as wrong:
        call_command("hotline", "seed-kb", "--data", str(bad))
    assert wrong.value.returncode == 2
