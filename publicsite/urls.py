from django.urls import include, path

from . import feeds, views

app_name = "publicsite"
urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("papers/", views.paper_list, name="papers"),
    path("papers/search/", views.search_page, name="search"),
    path("papers/<str:slug>/", views.paper_detail, name="paper"),
    path("papers/<str:slug>/<str:language>/text/", views.paper_text, name="paper_text"),
    path("papers/<str:slug>/<str:language>/download/", views.paper_download, name="paper_download"),
    path(
        "papers/<str:slug>/earlier/<uuid:public_id>/download/",
        views.earlier_version_download,
        name="earlier_version_download",
    ),
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/<int:pk>/", views.delegation, name="delegation"),
    path("feeds/papers.atom", feeds.all_papers, name="feed"),
    path("feeds/sub-items/<int:pk>.atom", feeds.sub_item, name="feed_sub_item"),
    path("feeds/sessions/<int:pk>.atom", feeds.session, name="feed_session"),
    path("feeds/delegations/<int:pk>.atom", feeds.delegation, name="feed_delegation"),
    path("api/", include("publicsite.api.urls")),
]
