from django.http import HttpResponse


def search_page(request):
    return HttpResponse("newsdesk")


search_api = export_csv = search_page


def article_detail(request, pk):
    return HttpResponse("article")


def entity_detail(request, slug):
    return HttpResponse("entity")
