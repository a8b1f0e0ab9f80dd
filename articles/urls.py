from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("api/search/", views.search_api, name="search_api"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity"),
]
