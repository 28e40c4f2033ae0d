from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    """The map page: the user's areas on a plain background (works offline) and click-to-locate."""
    return render(request, "webmap/home.html", {"district_code": settings.DISTRICT_CODE})
