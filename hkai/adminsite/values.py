"""Whether a value from a request can be a given model field's value."""

from django.core.exceptions import ValidationError


def fits(field, value):
    """True if ``value`` (a string from an address or a form) converts to a
    value of ``field`` that the database can hold: "abc" is no id, and neither
    is 99999999999999999999 (beyond a 64-bit integer column)."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return True


def target_field(relation):
    """The field a foreign key or many-to-many field holds values of."""
    remote = relation.remote_field
    opts = remote.model._meta
    name = getattr(remote, "field_name", None)
    return opts.get_field(name) if name else opts.pk
