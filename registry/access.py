"""Writing the person access log (registry.PersonAccess): one multi-row INSERT per read, in the
read's own transaction, before the data leaves the server."""

from collections.abc import Iterable

from registry.models import Channel, PersonAccess
from registry.privacy import disclosure_for

__all__ = ["log_reads", "PURPOSE_MAX"]

PURPOSE_MAX = 200


def log_reads(user, person_ids: Iterable[int], channel: Channel, purpose: str = "") -> int:
    """Record that `user` read these people's records through `channel`; returns the rows written."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return 0
    unmasked = disclosure_for(user).full
    purpose = (purpose or "")[:PURPOSE_MAX]
    PersonAccess.objects.bulk_create(
        [
            PersonAccess(
                user_id=user.pk,
                username=user.username,
                role=user.role,
                person_id=pid,
                channel=channel,
                purpose=purpose,
                unmasked=unmasked,
            )
            for pid in ids
        ]
    )
    return len(ids)
