"""The API's views: thin, as the pages' are. Read the parameters (a FilterSet), call one verb
(search, walk_hits, a query), serialize."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect, StreamingHttpResponse
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, mixins, permissions, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from articles import search
from articles.api.filters import EntityFilter
from articles.api.pagination import SearchCursor
from articles.api.serializers import (
    ApiHitSerializer,
    ArticleSerializer,
    EntityDetailSerializer,
    EntitySerializer,
    SavedSearchSerializer,
    SearchPageSerializer,
    SourceSerializer,
    TopicSerializer,
)
from articles.filters import SearchFilter
from articles.models import Article, Entity, SavedSearch, Source, Topic
from articles.search import SearchParams

# Rows a streamed export reads from the database at a time: memory holds one batch.
EXPORT_BATCH = 500
# The slugs of the things' addresses, as the pages' <slug:> converter reads them: anything else
# (a NUL byte, which PostgreSQL refuses in a query) is no address, a 404 before any query.
SLUG = r"[-a-zA-Z0-9_]+"


class TokenApi:
    """The API's views take a token instead of the login page's session, so the site's
    LoginRequiredMiddleware lets them through; DRF's authentication and permissions decide."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))


class SearchParamsSchema(AutoSchema):
    """Documents the filter parameters of a view that answers one object (a page, a stream);
    drf-spectacular documents them only on lists."""

    def get_filter_backends(self) -> list:
        return getattr(self.view, "filter_backends", [])


class SearchParamsView(TokenApi, generics.GenericAPIView):
    """A view whose parameters are the search page's (SearchFilter, via DjangoFilterBackend, so
    the schema lists them)."""

    queryset = Article.objects.none()
    filter_backends = [DjangoFilterBackend]
    filterset_class = SearchFilter
    pagination_class = None
    schema = SearchParamsSchema()

    def search_params(self) -> SearchParams:
        filterset = self.filter_backends[0]().get_filterset(self.request, self.queryset, self)
        if not filterset.is_valid():  # 400 with each parameter's errors, as /api/search/'s
            raise ValidationError({"errors": filterset.form.errors.get_json_data()})
        return SearchParams.from_filter(filterset)


CURSOR_PARAMETERS = [
    OpenApiParameter(
        "cursor", OpenApiTypes.STR, description="From `next` or `previous`; absent: the first page."
    ),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Hits a page, 1 to 100 (20)."),
]


@extend_schema(parameters=CURSOR_PARAMETERS, responses=SearchPageSerializer)
class SearchView(SearchParamsView):
    """Hits in rank order with the search page's parameters; follow `next` to walk them all."""

    def get(self, request):
        cursor = SearchCursor(request)
        params = self.search_params()
        params.per_page = cursor.page_size
        params.offset = cursor.offset
        if params.offset is None:
            params.offset = (params.page - 1) * cursor.page_size
        results = search.search(params)
        context = {"request": request, "links": cursor.links(params.offset, results.total)}
        return Response(SearchPageSerializer(results, context=context).data)


@extend_schema(
    responses={
        (200, "application/jsonl"): OpenApiResponse(
            ApiHitSerializer, description="One hit a line, every hit of the search, rank order."
        )
    }
)
class ExportView(SearchParamsView):
    """Every hit of a search as JSON Lines, streamed (no row limit; memory holds one batch)."""

    def get(self, request):
        params = self.search_params()
        response = StreamingHttpResponse(
            hit_lines(params, request), content_type="application/jsonl; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="newsdesk-export.jsonl"'
        return response


def hit_lines(params: SearchParams, request):
    batch = []
    for hit in search.walk_hits(params, batch_size=EXPORT_BATCH):
        batch.append(hit)
        if len(batch) == EXPORT_BATCH:
            yield lines_of(batch, request)
            batch = []
    if batch:
        yield lines_of(batch, request)


def lines_of(hits, request) -> str:
    rows = ApiHitSerializer(hits, many=True, context={"request": request}).data
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


class ArticleViewSet(
    TokenApi, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """An article in full; a curator's token may correct its title (PATCH), an analyst's not."""

    queryset = Article.objects.select_related("source").prefetch_related(
        "mentions__entity",
        "article_topics__topic",
        "duplicates",
        "source__domains",
        "source__aliases",
    )
    serializer_class = ArticleSerializer
    # Reading needs a login; writing needs the change permission, which Curators hold.
    permission_classes = [permissions.DjangoModelPermissions]
    http_method_names = ["get", "patch", "head", "options"]


class EntityViewSet(TokenApi, viewsets.ReadOnlyModelViewSet):
    """People, organisations and places; filter by kind and part of the name."""

    queryset = Entity.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filter_backends = [DjangoFilterBackend]
    filterset_class = EntityFilter

    def get_serializer_class(self):
        return EntityDetailSerializer if self.action == "retrieve" else EntitySerializer

    def retrieve(self, request, slug: str):
        entity = Entity.objects.prefetch_related("aliases").filter(slug=slug).first()
        if entity is None:
            moved = Entity.moved_from(slug)
            if moved is None:
                raise NotFound("No entity at this address.")
            url = reverse("api:entity-detail", kwargs={"slug": moved.slug})
            return HttpResponsePermanentRedirect(url)
        entity.summary = Entity.objects.mention_summary(entity)
        return Response(self.get_serializer(entity).data)


class TopicViewSet(TokenApi, viewsets.ReadOnlyModelViewSet):
    queryset = Topic.objects.select_related("parent")
    serializer_class = TopicSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG


class SourceViewSet(TokenApi, viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.prefetch_related("domains", "aliases")
    serializer_class = SourceSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG


class SavedSearchViewSet(
    TokenApi, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The user's saved searches and follows, and those shared with the user's groups: list,
    create (name, query, rate, shared_with) and delete (the owner only). Hits and e-mail are as
    on the My searches page."""

    queryset = SavedSearch.objects.none()  # the schema's; each request reads get_queryset()
    serializer_class = SavedSearchSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return SavedSearch.objects.visible_to(self.request.user).select_related(
            "owner", "entity", "topic"
        )

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)

    def perform_destroy(self, instance):
        if instance.owner_id != self.request.user.pk:
            raise PermissionDenied("Only its owner deletes a saved search; it is shared with you.")
        instance.delete()
