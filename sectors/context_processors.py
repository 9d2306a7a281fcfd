from .models import Challenge, Sector


def navigation(request):
    """Sectors and challenges for the site navigation, evaluated only if used."""
    return {
        "nav_sectors": Sector.objects.only("name", "slug"),
        "nav_challenges": Challenge.objects.only("name", "slug"),
    }
