"""/api/v1/: the search and its export by path, the collection's things through one router (a
new resource is one `router.register` line), and the schema with its docs page."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import APIRootView, DefaultRouter

from articles.api import views
from articles.api.views import TokenApi

app_name = "api"


class ApiRootView(TokenApi, APIRootView):
    """/api/v1/: the list of the router's resources."""


class ApiRouter(DefaultRouter):
    APIRootView = ApiRootView


router = ApiRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("entities", views.EntityViewSet, basename="entity")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("sources", views.SourceViewSet, basename="source")
router.register("saved-searches", views.SavedSearchViewSet, basename="saved-search")


class SchemaView(TokenApi, SpectacularAPIView):
    """The OpenAPI 3 schema, for a token as for a session."""


urlpatterns = [
    path("v1/search/", views.SearchView.as_view(), name="search"),
    path("v1/search/export.jsonl", views.ExportView.as_view(), name="export"),
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    # A page for a browser (session login). Its script is served by the same view (?script), so
    # the Content-Security-Policy needs no inline script; Swagger UI does set inline styles.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
]
