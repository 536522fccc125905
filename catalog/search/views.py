from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .backends import search_suggest


@require_GET
def suggestions(request):
    """Answer ``{"query", "suggestions"}`` for the search box; a bad query answers 400."""
    text = request.GET.get("q", "")
    try:
        names = search_suggest(text, limit=8)
    except ValidationError as exc:
        errors = [
            {"field": field, "code": e.code, "message": str(e.message)}
            for field, items in exc.error_dict.items()
            for e in items
        ]
        return JsonResponse({"query": text[:200], "suggestions": [], "errors": errors}, status=400)
    response = JsonResponse({"query": text, "suggestions": names})
    response["Cache-Control"] = "public, max-age=60"
    return response
