from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import gazetteer, locator
from .models import Region


@receiver([post_save, post_delete], sender=Region)
def region_changed(**kwargs) -> None:
    # Polygons may have moved: the next lookup rebuilds the spatial index.
    locator.reset()
    gazetteer.reset()  # names may have changed too
