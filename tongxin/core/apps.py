from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tongxin.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .sharedcache import create_table

        post_migrate.connect(create_table, sender=self, dispatch_uid="tongxin-shared-cache")
