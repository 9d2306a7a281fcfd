"""What every model admin gets (``sites.AdminSite.register`` mixes it in):
values from the request are checked before Django hands them to a query or a
widget, and a bad one is a 400 that says which (``Refused``)."""

import re
from datetime import MAXYEAR, MINYEAR, datetime
from functools import cache

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hkai.refusals import Refused

from .values import fits, target_field

BAD_FILTER = _(
    "The list cannot be shown with the filters in this address. "
    "Clear the filters and choose again."
)
BAD_DATE = _("There is no such date to narrow the list to.")
BAD_SELECTION = _(
    "The selection names items that cannot exist. Reload the list and try again."
)
BAD_PREFILL = _("The address fills in “%(field)s” with a value it cannot take.")


class SafeAutocomplete:
    """An autocomplete widget that leaves out values that are no id of the
    related model (Django looks each one up to show its label, and the lookup
    of "abc" or of an id beyond the column's range fails)."""

    def optgroups(self, name, value, attr=None):
        target = target_field(self.field)
        return super().optgroups(name, [v for v in value if fits(target, v)], attr)


class SafeAutocompleteSelect(SafeAutocomplete, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeAutocomplete, AutocompleteSelectMultiple):
    pass


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids the database column cannot hold, as it refuses "abc"
    (Django checks each one, then looks them all up with ``__in``, which
    fails on 99999999999999999999 where the single lookup did not)."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            opts = self.queryset.model._meta
            target = (
                opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
            )
            for pk in value:
                if not fits(target, pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super().clean(value)


class HardenedChangeList:
    """A change list whose filters, bad or impossible, are a 400."""

    def __init__(self, request, *args, **kwargs):
        try:
            super().__init__(request, *args, **kwargs)
        except IncorrectLookupParameters as error:
            raise Refused(BAD_FILTER) from error

    def get_filters(self, request):
        if self.date_hierarchy:
            check_drill_down(request.GET, self.date_hierarchy)
        return super().get_filters(request)


@cache
def hardened(changelist):
    """``changelist`` (Django's ChangeList or an admin's own) made hardened."""
    if issubclass(changelist, HardenedChangeList):
        return changelist
    return type(changelist.__name__, (HardenedChangeList, changelist), {})


def check_drill_down(query, field_name):
    """A date-hierarchy drill-down must name a real date whose day, month or
    year (what the list shows) lies well inside Python's dates: 9999-12-31
    runs into the year 10000, and 0001-01-01 in Hong Kong is year 0 in UTC."""
    parts = [query.get(f"{field_name}__{part}") for part in ("year", "month", "day")]
    if parts[0] is None:
        return
    try:
        year, month, day = (int(p) if p is not None else 1 for p in parts)
        datetime(year, month, day)
    except (ValueError, OverflowError) as error:
        raise Refused(BAD_DATE) from error
    if not MINYEAR < year < MAXYEAR:
        raise Refused(BAD_DATE)


class HardenedModelAdmin:
    """Mixed into every model admin, in front of its own class."""

    def get_changelist(self, request, **kwargs):
        return hardened(super().get_changelist(request, **kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        """Values pre-filled from the address (``?author=3&sectors=1,2``), each
        checked against its field; dates parsed, as the widgets need them."""
        initial = super().get_changeform_initial_data(request)
        for name, value in initial.items():
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, models.ForeignKey | models.ManyToManyField):
                values = value if isinstance(value, list) else [value]
                ok = all(fits(target_field(field), v) for v in values)
            elif field.is_relation:  # a reverse relation, a taggit manager
                continue
            else:
                ok = fits(field, value)
                if ok:
                    initial[name] = field.to_python(value)
            if not ok:
                raise Refused(BAD_PREFILL % {"field": field.verbose_name})
        return initial

    def changelist_view(self, request, extra_context=None):
        """A bulk action's selection and the rows a list edit names must be ids."""
        if request.method == "POST":
            pk = self.opts.pk
            edited = re.compile(rf"form-\d+-{re.escape(pk.name)}$")
            ids = [
                *request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                *(v for k, v in request.POST.items() if edited.match(k)),
            ]
            if not all(fits(pk, value) for value in ids):
                raise Refused(BAD_SELECTION)
        return super().changelist_view(request, extra_context)
