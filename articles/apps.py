from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Saves and deletes of indexed models reach the search index after commit.
        from articles import signals

        signals.connect_index_signals()
