"""Model fields whose value is SM4-encrypted in the database and plaintext in Python."""

from __future__ import annotations

from django.db import models

from . import crypto


class SM4EncryptedCharField(models.TextField):
    """A char field stored as an SM4-GCM ciphertext (see crypto.py).

    `max_length` limits the plaintext (forms and `full_clean`); the column is TEXT because the
    ciphertext is longer. Equality lookups cannot work on randomised ciphertexts: search
    through a keyed hash column instead (Case.reporter_phone_hash).
    """

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else value

    def to_python(self, value):
        if isinstance(value, str):
            return crypto.decrypt(value)
        return value

    def value_to_string(self, obj) -> str:
        # Serialised (dumpdata, backups) as a ciphertext: a backup file holds no plaintext.
        return crypto.encrypt(str(self.value_from_object(obj) or ""))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or crypto.is_ciphertext(value):
            return value
        return crypto.encrypt(value)


def encrypt_plaintext_rows(model, names: list[str], batch: int = 500) -> int:
    """Data migrations: rows written before a field became encrypted hold plaintext, which
    reads back as it is; writing it again through the field stores the ciphertext."""
    changed = 0
    rows = model._base_manager.order_by("pk").values_list("pk", *names)
    for pk, *values in rows.iterator(chunk_size=batch):
        if any(values):
            model._base_manager.filter(pk=pk).update(**dict(zip(names, values, strict=True)))
            changed += 1
    return changed
