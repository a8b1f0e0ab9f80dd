from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from articles.admin.index_health import urlpatterns as index_health_urls

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    *index_health_urls,  # before admin.site.urls, whose catch-all would answer 404
    path("admin/", admin.site.urls),
    path("api/", include("articles.api.urls")),
    path("", include("articles.urls")),
]
