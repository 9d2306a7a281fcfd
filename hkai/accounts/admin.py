"""Failed sign-ins, for editors: axes's own list, saying which are locked out,
with an Unlock action."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import admin
from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy


class LockoutAdmin(AccessAttemptAdmin):
    """Each row counts the failures of one username from one address (and user
    agent), but a lockout is per username or per address, so it can span rows:
    "Locked out" adds them up as axes does. Unlocking a row forgets every
    failure of its username and every failure from its address."""

    list_display = [
        "locked_out" if name == "status" else name
        for name in AccessAttemptAdmin.list_display
    ]
    actions = ["unlock", *AccessAttemptAdmin.actions]

    def get_queryset(self, request):
        recent = AccessAttempt.objects.filter(
            attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
        )

        def failures(field):
            same = recent.filter(**{field: OuterRef(field)}).values(field)
            return Subquery(same.annotate(n=Sum("failures_since_start")).values("n"))

        return (
            super()
            .get_queryset(request)
            .annotate(
                username_failures=failures("username"),
                address_failures=failures("ip_address"),
            )
        )

    @admin.display(description=_("Locked out"))
    def locked_out(self, attempt):
        limit = settings.AXES_FAILURE_LIMIT
        found = [
            str(what)
            for what, count in (
                (_("username"), attempt.username_failures),
                (pgettext_lazy("network", "address"), attempt.address_failures),
            )
            if (count or 0) >= limit
        ]
        return ", ".join(found) or "—"

    @admin.action(
        description=_("Unlock the selected usernames and addresses"),
        permissions=["delete"],
    )
    def unlock(self, request, queryset):
        pairs = set(queryset.values_list("username", "ip_address"))
        for username, ip_address in pairs:
            reset(username=username, ip=ip_address, ip_or_username=True)
        self.message_user(
            request,
            ngettext(
                "Unlocked %(count)d username and address.",
                "Unlocked %(count)d usernames and addresses.",
                len(pairs),
            )
            % {"count": len(pairs)},
        )


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LockoutAdmin)
