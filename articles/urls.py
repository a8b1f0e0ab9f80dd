from django.urls import path

from articles import views
from articles.api import account
from articles.monitoring import views as monitoring

app_name = "articles"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("api/search/", views.search_api, name="search_api"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity"),
    path("account/tokens/", account.tokens_page, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", account.revoke_token, name="revoke_api_token"),
    path("searches/", monitoring.saved_searches, name="saved_searches"),
    path("searches/new/", monitoring.save_search, name="save_search"),
    path("searches/<int:pk>/", monitoring.saved_search, name="saved_search"),
    path("searches/<int:pk>/rate/", monitoring.edit_saved_search, name="edit_saved_search"),
    path("searches/<int:pk>/delete/", monitoring.delete_saved_search, name="delete_saved_search"),
    path("searches/<int:pk>/feed-token/", monitoring.revoke_feed, name="revoke_feed"),
    path("follow/", monitoring.follow, name="follow"),
    path("history/", monitoring.history, name="history"),
    path("history/clear/", monitoring.clear_history, name="clear_history"),
    path("feeds/<str:token>/", monitoring.feed, name="feed"),
    path("unsubscribe/<str:token>/", monitoring.unsubscribe, name="unsubscribe"),
]
