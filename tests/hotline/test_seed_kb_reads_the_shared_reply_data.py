"""With the shared data present, seed-kb turns real government replies into searchable
articles (skipped cleanly without the data)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tongxin.hotline.models import KnowledgeArticle
from tongxin.hotline.selectors import search_knowledge

DATA = Path(settings.SHARED_DATA_DIR) / "appeals-zh" / "messages_with_replies.csv"


@pytest.mark.skipif(not DATA.is_file(), reason="shared appeals-zh data not present")
def test_seed_kb_reads_the_shared_reply_data(db):
    call_command("hotline", "seed-kb", "--limit", "40")
    articles = list(KnowledgeArticle.objects.all())
    assert len(articles) == 40
    first = articles[-1]
    assert search_knowledge(first.question)[0].question == first.question
