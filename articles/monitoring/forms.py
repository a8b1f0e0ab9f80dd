"""The forms of the monitoring pages: saving a search, and changing its rate."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import Group

from articles.monitoring.models import SavedSearch


class SaveSearchForm(forms.ModelForm):
    """Name, rate and sharing of a new saved search; the query comes from the search page."""

    query = forms.CharField(max_length=2000, widget=forms.HiddenInput)

    class Meta:
        model = SavedSearch
        fields = ["name", "query", "rate", "shared_with"]
        labels = {"rate": "E-mail", "shared_with": "Share with"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a group the user belongs to: sharing is with one's own team.
        self.fields["shared_with"].queryset = Group.objects.filter(user=user)
        self.fields["shared_with"].empty_label = "Nobody (private)"


class RateForm(forms.Form):
    rate = forms.ChoiceField(choices=SavedSearch.Rate.choices, label="E-mail")
