"""The parameters of the API's lists (the search's are the search page's, articles/filters.py)."""

from __future__ import annotations

import django_filters

from articles.models import Entity


class EntityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Entity.Kind.choices)
    name = django_filters.CharFilter(
        lookup_expr="icontains", max_length=200, help_text="Part of the name, any case."
    )

    class Meta:
        model = Entity
        fields = ["kind", "name"]
