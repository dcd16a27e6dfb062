"""The papers of a mediation and its dossier (卷宗), in the official order, as PDF.

申请书 (the application: facts and parties), 受理登记 (registration: organisation, mediator,
type, level), 笔录 (every session's record), 调解协议书 (the signed agreement), 回访记录
(follow-up visits). What a dispute needs depends on how it ended: an agreement needs all
five, a failed mediation the first three. The engine asks `refuse_closing_without_papers`
before a mediation organisation reports the case done or the case is closed.

PDFs are drawn with reportlab's built-in CID font STSong-Light (Adobe-GB1): no font file,
no download, readable on any PDF viewer with the Asian font pack.
"""

from __future__ import annotations

import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cases.models import Case
from tongxin.core.errors import ValidationFailed
from tongxin.org.models import DepartmentKind

from .models import Agreement, Dispute, DisputeStatus

FONT = "STSong-Light"

# The official order of the papers; the headings the PDF shows (and the test reads).
APPLICATION, REGISTRATION, RECORDS, AGREEMENT, FOLLOW_UPS = (
    "申请书", "受理登记表", "调解笔录", "调解协议书", "回访记录")
ORDER = (APPLICATION, REGISTRATION, RECORDS, AGREEMENT, FOLLOW_UPS)


def _agreement(dispute: Dispute) -> Agreement | None:
    return Agreement.objects.filter(pk=dispute.pk).first()


def missing_papers(dispute: Dispute) -> list[str]:
    """The papers the dossier still lacks, in order; empty when it is complete."""
    missing = []
    if not dispute.facts.strip() or not dispute.parties.exists():
        missing.append(APPLICATION)
    if dispute.mediator_id is None:
        missing.append(REGISTRATION)
    if not dispute.sessions.filter(cancelled=False).exclude(record="").exists():
        missing.append(RECORDS)
    if dispute.status == DisputeStatus.AGREED:
        agreement = _agreement(dispute)
        if agreement is None or agreement.signed_at is None:
            missing.append(AGREEMENT)
        if not dispute.follow_ups.exists():
            missing.append(FOLLOW_UPS)
    elif dispute.status != DisputeStatus.FAILED:
        missing.append(_("the outcome (an agreement signed, or the mediation ended)"))
    return missing


def refuse_closing_without_papers(case: Case, action: str) -> None:
    """The engine's check on reply and verify_pass (tongxin.cases.events.require): a case a
    mediation organisation leads moves on only with its dossier complete."""
    lead = case.lead_department  # joined by the lock
    if lead is None or lead.kind != DepartmentKind.MEDIATION:
        return
    dispute = Dispute.objects.filter(pk=case.pk).first()
    if dispute is None:
        return
    if missing := missing_papers(dispute):
        raise ValidationFailed(_("The dossier is incomplete; missing: %(papers)s")
                               % {"papers": "、".join(missing)})


# ---------------------------------------------------------------- PDF


def _styles():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return {
        "h1": ParagraphStyle("h1", fontName=FONT, fontSize=18, leading=26, alignment=1,
                             spaceAfter=12),
        "h2": ParagraphStyle("h2", fontName=FONT, fontSize=13, leading=20, spaceBefore=8),
        "p": ParagraphStyle("p", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK"),
    }


def _when(at: datetime | None) -> str:
    return timezone.localtime(at).strftime("%Y年%m月%d日 %H:%M") if at else "—"


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")



def _heading(title: str, styles, key: str):
    from reportlab.platypus import Paragraph

    class Heading(Paragraph):
        def draw(self):
            super().draw()
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=0)

    return Heading(title, styles["h1"])


def _lines(rows: list[tuple[str, str]], styles) -> list:
    from reportlab.platypus import Paragraph

    return [Paragraph(f"{_esc(k)}：{_esc(v)}", styles["p"]) for k, v in rows]


def _parties(dispute: Dispute) -> list[tuple[str, str]]:
    return [(p.get_role_display(), p.name) for p in dispute.parties.all()]


def _application(dispute: Dispute, styles) -> list:
    from reportlab.platypus import Paragraph

    case = dispute.case
    return [_heading(APPLICATION, styles, "application"),
            *_lines([(_("Case number"), case.number), *_parties(dispute),
                     (_("Dispute type"), dispute.get_type_display()),
                     (_("Source"), dispute.get_source_display()),
                     (_("Amount at stake"), f"{dispute.amount} 元" if dispute.amount else "—")],
                    styles),
            Paragraph(_("Facts and request:"), styles["h2"]),
            Paragraph(_esc(dispute.facts).replace("\n", "<br/>"), styles["p"])]


def _registration(dispute: Dispute, styles) -> list:
    return [_heading(REGISTRATION, styles, "registration"),
            *_lines([(_("Case number"), dispute.case.number),
                     (_("Received at"), _when(dispute.received_at)),
                     (_("Organisation"), str(dispute.org)),
                     (_("Mediator"), str(dispute.mediator or "—")),
                     (_("Complexity"), dispute.get_complexity_display()),
                     (_("Level"), dispute.org.get_level_display())], styles)]


def _records(dispute: Dispute, styles) -> list:
    from reportlab.platypus import Paragraph

    out = [_heading(RECORDS, styles, "records")]
    for s in dispute.sessions.filter(cancelled=False).exclude(record="").select_related(
            "room", "mediator").prefetch_related("attended"):
        place = str(s.room.name) if s.room else s.on_site
        out += [Paragraph(f"{_esc(s.get_kind_display())} · {_when(s.starts_at)} · "
                          f"{_esc(place)}", styles["h2"]),
                *_lines([(_("Mediator"), s.mediator.name),
                         (_("Present"), "、".join(p.name for p in s.attended.all()) or "—")],
                        styles),
                Paragraph(_esc(s.record).replace("\n", "<br/>"), styles["p"])]
    return out


def _agreement_flow(dispute: Dispute, styles) -> list:
    from reportlab.platypus import Image, Paragraph, Spacer

    agreement = _agreement(dispute)
    out = [_heading(AGREEMENT, styles, "agreement"),
           *_lines([(_("Case number"), dispute.case.number), *_parties(dispute),
                    (_("Mediation organisation"), str(dispute.org))], styles)]
    if agreement is None:
        return out
    out += [Paragraph(_("The parties, after mediation, agree as follows:"), styles["h2"]),
            Paragraph(_esc(agreement.text).replace("\n", "<br/>"), styles["p"]),
            *_lines([(_("To be performed by"),
                      agreement.perform_by.isoformat() if agreement.perform_by else "—"),
                     (_("Judicial confirmation"), agreement.get_judicial_display())], styles),
            Paragraph(_("This agreement takes effect when every party has signed it. A party "
                        "may ask the people's court for judicial confirmation within 30 days."),
                      styles["p"]),
            Spacer(1, 8)]
    for sig in agreement.signatures.select_related("party"):
        out.append(Paragraph(f"{_esc(sig.party.get_role_display())}（{_esc(sig.party.name)}）"
                             f" {_when(sig.at)}", styles["p"]))
        try:
            with sig.image.open("rb") as fh:
                out.append(Image(io.BytesIO(fh.read()), width=120, height=48,
                                 kind="proportional"))
        except (OSError, ValueError):
            out.append(Paragraph(_("(signature image unreadable)"), styles["p"]))
    out += _lines([(_("Mediator"), str(dispute.mediator or "—")),
                   (_("Signed at"), _when(agreement.signed_at))], styles)
    return out


def _follow_ups(dispute: Dispute, styles) -> list:
    from reportlab.platypus import Paragraph

    out = [_heading(FOLLOW_UPS, styles, "follow_ups")]
    for v in dispute.follow_ups.select_related("by"):
        out += [Paragraph(f"{_when(v.at)} · {_esc(v.get_performance_display())} · "
                          f"{_esc(str(v.by))}", styles["h2"]),
                Paragraph(_esc(v.note), styles["p"])]
    return out


def _pdf(story: list, title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, leftMargin=56, rightMargin=56,
                            topMargin=56, bottomMargin=56)
    doc.build(story)
    return buffer.getvalue()


def agreement_pdf(dispute: Dispute) -> bytes:
    """调解协议书 alone: filled from the record, with the signatures."""
    return _pdf(_agreement_flow(dispute, _styles()), f"{AGREEMENT} {dispute.case.number}")


def dossier_pdf(dispute: Dispute) -> bytes:
    """The dossier in the official order, each paper on its own page (a paper the dispute
    does not need is left out: a failed mediation has no agreement)."""
    from reportlab.platypus import PageBreak

    styles = _styles()
    parts = [_application(dispute, styles), _registration(dispute, styles),
             _records(dispute, styles)]
    if dispute.status == DisputeStatus.AGREED:
        parts += [_agreement_flow(dispute, styles), _follow_ups(dispute, styles)]
    story: list = []
    for part in parts:
        if story:
            story.append(PageBreak())
        story += part
    return _pdf(story, f"卷宗 {dispute.case.number}")
