"""The account page where a user makes, sees and revokes their API tokens (a key is shown once,
right after it is made: only its hash is stored)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from articles.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, strip=True, help_text="What it is for, e.g. 'election notebook'."
    )


def tokens_page(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = ApiToken.create_for(request.user, form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "articles/api_tokens.html",
        {"form": form, "new_key": new_key, "tokens": request.user.api_tokens.all()},
        status=400 if form.errors else 200,
    )


@require_POST
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.revoke()
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("articles:api_tokens")
