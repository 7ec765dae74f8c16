from .models import AuditEntry


def audit(actor, action: str, obj, **data) -> AuditEntry:
    """Record that `actor` did `action` to `obj`; call inside the service's transaction.

    An object whose ``audit_private`` is true (a draft, its files and invitations) makes a private entry.
    """
    return AuditEntry.objects.create(
        private=bool(getattr(obj, "audit_private", False)),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        data=data,
    )
