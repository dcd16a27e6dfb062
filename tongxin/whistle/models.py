"""吹哨报到: a department called to a case by a street's or community's command centre.

One row per department and whistle: when it was called, by when it must acknowledge (报到),
when it did, and when the worker found it had not in time (a miss: a warning to the unit,
and a deduction in its score, tongxin.scoring.scores).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PENDING = Q(acknowledged_at__isnull=True, missed_at__isnull=True)


class WhistleCall(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
                             related_name="whistle_calls")
    department = models.ForeignKey("org.Department", verbose_name=_("department called"),
                                   on_delete=models.PROTECT, related_name="whistle_calls")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("called by"),
                                  null=True, on_delete=models.SET_NULL, related_name="+")
    called_at = models.DateTimeField(_("called at"))
    due_at = models.DateTimeField(_("acknowledge by"))
    note = models.CharField(_("what it is called for"), max_length=500, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                        verbose_name=_("acknowledged by"), null=True,
                                        blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    missed_at = models.DateTimeField(_("missed (found late) at"), null=True, blank=True)

    class Meta:
        verbose_name = _("whistle call")
        verbose_name_plural = _("whistle calls")
        constraints = [
            # A department called again before it acknowledged keeps its first call (and
            # its deadline): the second whistle adds nothing for it.
            models.UniqueConstraint(fields=["case", "department"],
                                    condition=Q(acknowledged_at__isnull=True),
                                    name="whistle_one_open_call_per_department"),
        ]
        indexes = [
            # The worker's sweep: calls still waiting, by deadline (a partial index).
            models.Index(fields=["due_at"], condition=PENDING, name="whistle_pending_due"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.department_id}"

    @property
    def late(self) -> bool:
        return self.missed_at is not None
