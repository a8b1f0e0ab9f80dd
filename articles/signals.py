"""Keeps the search index in step with the database.

Handlers are connected once, in ArticlesConfig.ready(), to the indexed models only. They queue the
touched article ids (articles/store/index_queue.py), which are written to the index after the
transaction commits; a failed write is logged and never raised.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from articles.models import Alias, Article, ArticleTopic, Entity, Mention
from articles.store.index_queue import schedule_reindex


def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_reindex([instance.pk])


def article_deleted(sender, instance, **kwargs):
    # Indexing an article that is gone deletes its document.
    schedule_reindex([instance.pk])


def link_changed(sender, instance, raw=False, **kwargs):
    # A mention or topic link added, edited or removed changes its article's facets.
    if not raw:
        schedule_reindex([instance.article_id])


def entity_changed(sender, instance, raw=False, **kwargs):
    # A renamed entity or a new alias changes what every article mentioning it is found by.
    if raw:
        return
    entity_id = instance.pk if sender is Entity else instance.entity_id
    schedule_reindex(
        Mention.objects.filter(entity_id=entity_id).values_list("article_id", flat=True)
    )


def entity_deleting(sender, instance, **kwargs):
    schedule_reindex(instance.mentions.values_list("article_id", flat=True))


def article_topics_changed(sender, instance, action, pk_set, **kwargs):
    if action.startswith("post_"):
        ids = [instance.pk] if isinstance(instance, Article) else list(pk_set or [])
        schedule_reindex(ids)


def connect_index_signals() -> None:
    post_save.connect(article_saved, sender=Article, dispatch_uid="index_article_saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="index_article_deleted")
    for model in (Mention, ArticleTopic):
        post_save.connect(link_changed, sender=model, dispatch_uid=f"index_{model.__name__}_saved")
        post_delete.connect(
            link_changed, sender=model, dispatch_uid=f"index_{model.__name__}_deleted"
        )
    for model in (Entity, Alias):
        post_save.connect(
            entity_changed, sender=model, dispatch_uid=f"index_{model.__name__}_saved"
        )
    post_delete.connect(entity_changed, sender=Alias, dispatch_uid="index_alias_deleted")
    pre_delete.connect(entity_deleting, sender=Entity, dispatch_uid="index_entity_deleting")
    m2m_changed.connect(
        article_topics_changed, sender=Article.topics.through, dispatch_uid="index_topics_m2m"
    )
