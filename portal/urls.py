from django.contrib import admin
from django.urls import include, path

from publicsite.views import home

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("search/", include("indexing.urls")),
    path("notifications/", include("notifications.urls")),
    path("review/compendium/", include("compendium.urls")),
    path("review/", include("review.urls")),
    path("review/sessions/", include("agenda.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("", include("submissions.urls")),
    # The public site: published papers, search, feeds and the API, for anyone.
    path("", include("publicsite.urls")),
    path("", home, name="home"),
]

# Error pages in the site's layout (portal/errors.py); 500 and 503 render without the database.
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
