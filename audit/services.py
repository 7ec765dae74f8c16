from .models import AuditEntry


def audit(actor, action: str, obj, **data) -> AuditEntry:
    """Record that `actor` did `action` to `obj`; call inside the service's transaction.

    An object whose ``audit_private`` is true (a draft, its files and invitations) makes a private entry.
    """
    entry = audit_entry(actor, action, obj, **data)
    entry.save(force_insert=True)
    return entry


def audit_entry(actor, action: str, obj, **data) -> AuditEntry:
    """The entry audit() writes, unsaved: a service that records several writes them in one INSERT."""
    return AuditEntry(
        private=bool(getattr(obj, "audit_private", False)),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        data=data,
    )
