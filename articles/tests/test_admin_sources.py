"""The source registry and each source's furniture in the curators' admin."""

import pytest
from django.urls import reverse

from articles.jobs.models import Job
from articles.models import Article, FurniturePattern, Source, SourceDomain
from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db

CREDIT = "Pictures on this page come from the Example Wire photo desk."


@pytest.fixture
def source_with_furniture():
    source = Source.objects.create(name="Example Daily")
    SourceDomain.objects.create(source=source, domain="example-daily.com")
    pattern = FurniturePattern.objects.create(
        source=source, text=CREDIT, kind="sentence", learned=True, article_count=12, share=0.3
    )
    article = make_article(
        body="The harbour reopened on Monday. Boats left at dawn.",
        read_body=f"The harbour reopened on Monday. Boats left at dawn. {CREDIT}",
    )
    article.source = source
    article.save()
    return source, pattern, article


def test_a_curator_sees_the_domains_and_furniture_of_a_source(
    curator_client, source_with_furniture
):
    source, _, _ = source_with_furniture
    listing = curator_client.get(reverse("admin:articles_source_changelist"))
    assert listing.status_code == 200
    assert "example-daily.com" in listing.content.decode()
    page = curator_client.get(reverse("admin:articles_source_change", args=[source.pk]))
    assert page.status_code == 200
    assert CREDIT in page.content.decode()


def test_switching_a_pattern_off_brings_its_text_back(
    curator_client, source_with_furniture, admin_form_data, committed
):
    source, pattern, article = source_with_furniture
    url = reverse("admin:articles_source_change", args=[source.pk])
    data = admin_form_data(curator_client.get(url))
    enabled = next(key for key in data if key.startswith("furniture-0-enabled"))
    del data[enabled]
    with committed():
        response = curator_client.post(url, data)
    assert response.status_code == 302
    pattern.refresh_from_db()
    assert not pattern.enabled
    assert Article.objects.get(pk=article.pk).body.endswith(CREDIT)


def test_a_curators_pattern_takes_its_text_out(
    curator_client, source_with_furniture, admin_form_data, committed
):
    source, _, article = source_with_furniture
    url = reverse("admin:articles_source_change", args=[source.pk])
    data = admin_form_data(curator_client.get(url))
    data["furniture-1-text"] = "Boats left at dawn."
    data["furniture-1-kind"] = "sentence"
    data["furniture-1-enabled"] = "on"
    with committed():
        response = curator_client.post(url, data)
    assert response.status_code == 302
    assert source.furniture.filter(learned=False).count() == 1
    assert Article.objects.get(pk=article.pk).body == "The harbour reopened on Monday."


def test_learning_furniture_again_from_the_admin_runs_as_a_job(
    curator_client, source_with_furniture
):
    source, _, _ = source_with_furniture
    response = curator_client.post(
        reverse("admin:articles_source_changelist"),
        {"action": "learn_furniture", "_selected_action": [source.pk]},
        follow=True,
    )
    job = Job.objects.get(kind=Job.Kind.FURNITURE)
    assert f"job #{job.pk}" in response.content.decode()
    job.refresh_from_db()  # the test settings run tasks at once, in the caller
    assert job.state == Job.State.FINISHED and (job.done, job.total) == (1, 1)
    assert job.report["summaries"][0].startswith("Example Daily: ")
