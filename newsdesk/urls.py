from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from articles.admin_index import urlpatterns as admin_index_urls

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    *admin_index_urls,  # before admin.site.urls, whose catch-all would answer 404
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
