from django.conf import settings


def portal(request):
    return {"SITE_URL": settings.SITE_URL, "MAX_UPLOAD_MB": settings.MAX_UPLOAD_MB, "TIME_ZONE": settings.TIME_ZONE}
