"""Topics: the IPTC subjects and curators' sub-topics under them."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.text import slugify

from articles.admin.shared import count_of
from articles.models import ArticleTopic, Topic

CUSTOM_QCODE_PREFIX = "newsdesk:"


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "slug", "parent", "description", "qcode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qcode"].required = False
        self.fields[
            "qcode"
        ].help_text = f"IPTC code; left empty, a sub-topic gets {CUSTOM_QCODE_PREFIX}<slug>."

    def clean(self):
        data = super().clean()
        if not data.get("qcode") and data.get("slug"):
            qcode = f"{CUSTOM_QCODE_PREFIX}{slugify(data['slug'])}"[:40]
            if Topic.objects.filter(qcode=qcode).exclude(pk=self.instance.pk).exists():
                self.add_error("slug", f"A topic with the code {qcode} exists already.")
            data["qcode"] = qcode
        return data


class SubTopicInline(admin.TabularInline):
    model = Topic
    fk_name = "parent"
    form = TopicForm
    fields = ["name", "slug", "description", "qcode"]
    extra = 0
    verbose_name = "sub-topic"
    verbose_name_plural = "sub-topics"


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicForm
    list_display = ["name", "qcode", "parent", "article_count", "description"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "qcode", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SubTopicInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=count_of(ArticleTopic, "topic"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total
