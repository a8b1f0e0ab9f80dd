from django.urls import path

from articles import views
from articles.api import account

app_name = "articles"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("api/search/", views.search_api, name="search_api"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity"),
    path("account/tokens/", account.tokens_page, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", account.revoke_token, name="revoke_api_token"),
]
