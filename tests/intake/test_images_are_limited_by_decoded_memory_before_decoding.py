"""Issue 28 finding 8: a 190 KB 7,000×7,000 PNG passed the 50-megapixel check and was
decoded to ~196 MB (four at once: 255 MB → 2.4 GB). Now the decoded size is checked from
the header first: the PNG is refused without being decoded (the process grows by a few MB),
and a large JPEG is decoded at a reduced scale instead of in full."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.intake.bombs import png_bomb
from tongxin.intake import attachments
from tongxin.intake.attachments import FileTooLarge

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import resource, sys, django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.intake.bombs import png_bomb
from tongxin.intake import attachments
data = png_bomb(7000, 7000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
refused = 0
for i in range(4):
    try:
        attachments.prepare(SimpleUploadedFile(f"b{i}.png", data, content_type="image/png"))
    except attachments.FileTooLarge:
        refused += 1
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(data), refused, (after - before) // 1024)
"""


def test_four_7000_by_7000_pngs_are_refused_without_being_decoded():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings")
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, text=True,
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr
    size, refused, grown_mb = map(int, run.stdout.split()[-3:])
    assert size < 250_000 and refused == 4
    assert grown_mb < 40  # decoding one would have taken ~196 MB


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(settings):
    settings.TONGXIN_UPLOAD_DECODE_BYTES = 2 * 1024 * 1024
    out = io.BytesIO()
    Image.new("RGB", (2400, 1600), (10, 120, 200)).save(out, "JPEG")
    prepared = attachments.prepare(SimpleUploadedFile("p.jpg", out.getvalue(),
                                                      content_type="image/jpeg"))
    assert prepared.width * prepared.height * 3 <= 2 * 1024 * 1024
    assert prepared.width in (600, 1200) and prepared.original.size == len(out.getvalue())


def test_a_png_over_the_budget_is_refused(settings):
    settings.TONGXIN_UPLOAD_DECODE_BYTES = 1024 * 1024
    data = png_bomb(1000, 1000)  # 4 MB decoded
    with pytest.raises(FileTooLarge):
        attachments.prepare(SimpleUploadedFile("b.png", data, content_type="image/png"))
