from .models import AuditEntry


def audit(actor, action: str, obj, **data) -> AuditEntry:
    """Record that `actor` did `action` to `obj`; call inside the service's transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        data=data,
    )
