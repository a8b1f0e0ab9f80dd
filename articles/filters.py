"""The search parameters, declared once: they validate the request and render the form and URL.

The search package (articles/search/) turns the cleaned values into a query: its SearchParams has
a field for each filter declared here. Nothing here queries.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import validate_slug
from drf_spectacular.utils import extend_schema_field

from articles.models import Article

MAX_QUERY_LENGTH = 500
MAX_VALUES_PER_GROUP = 20
MAX_PAGE = 500


class SlugListField(forms.Field):
    """A repeatable parameter of slugs: ?person=kim-jong-un&person=sergei-shoigu."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        return list(dict.fromkeys(item.strip() for item in values if item and item.strip()))

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_VALUES_PER_GROUP:
            raise forms.ValidationError(f"At most {MAX_VALUES_PER_GROUP} values.")
        for item in value:
            if len(item) > 200:
                raise forms.ValidationError("A value is too long.")
            validate_slug(item)


# How the API's schema (drf-spectacular) documents the parameter: repeated, one slug each.
@extend_schema_field({"type": "array", "items": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}})
class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class SearchForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


class SearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", max_length=MAX_QUERY_LENGTH, required=False, strip=True
    )
    person = SlugListFilter(label="People")
    org = SlugListFilter(label="Organisations")
    place = SlugListFilter(label="Places")
    topic = SlugListFilter(label="Topics")
    source = SlugListFilter(label="Sources")
    date_from = django_filters.DateFilter(
        label="From", input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="To", input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = django_filters.ChoiceFilter(
        label="Sort",
        choices=[
            ("relevance", "Relevance"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
        ],
        empty_label="Best first",
    )
    page = django_filters.NumberFilter(
        label="Page", min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )

    class Meta:
        model = Article
        fields: list[str] = []
        form = SearchForm

    def __init__(self, data=None, *args, **kwargs):
        # Nothing here queries: the queryset is only what django-filter (and the API's
        # DjangoFilterBackend, which passes its own) asks for.
        kwargs.setdefault("queryset", Article.objects.none())
        super().__init__(data, *args, **kwargs)
