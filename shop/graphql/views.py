"""The ``/graphql/`` endpoint: authentication, request limits, then execution."""

import json

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from graphene_django.views import HttpError
from graphene_file_upload.django import FileUploadGraphQLView
from graphql import ExecutionResult, GraphQLError, OperationType, get_operation_ast, parse

from shop.tokens import TokenError, token_user

from .limits import limit_errors


def _error_response(status: int, code: str, message: str) -> JsonResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JsonResponse(body, status=status)


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


class GraphQLView(FileUploadGraphQLView):
    """Bearer tokens for API clients, the session (with CSRF) for our own pages.

    Array batching is refused, and every operation is measured against the
    depth, cost, alias, mutation-count and page-size limits before it runs.
    """

    def dispatch(self, request, *args, **kwargs):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header:
            scheme, _sep, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return _error_response(
                    401,
                    "INVALID_TOKEN",
                    _("Header Authorization harus berbentuk 'Bearer <token>'."),
                )
            try:
                request.user = token_user(token=token.strip(), kind="access")
            except TokenError:
                from shop.graphql.service_clients import ServiceClientThrottled

                try:
                    user = self._service_client(request, token.strip())
                except ServiceClientThrottled:
                    return _error_response(
                        429, "RATE_LIMITED", _("Terlalu banyak permintaan; coba lagi sebentar.")
                    )
                if user is None:
                    return _error_response(
                        401, "INVALID_TOKEN", _("Token tidak valid atau sudah kedaluwarsa.")
                    )
                request.user = user
            request._dont_enforce_csrf_checks = True
        elif request.method == "POST" and request.user.is_authenticated:
            # A browser session carries ambient authority: require the CSRF token.
            reason = _CsrfCheck(lambda r: None).process_view(request, None, (), {})
            if reason:
                return _error_response(403, "CSRF_FAILED", _("Token CSRF tidak ada atau salah."))
        if not hasattr(request, "user"):
            request.user = AnonymousUser()
        return super().dispatch(request, *args, **kwargs)

    def _service_client(self, request, token: str):
        """Hook for API tokens of service clients (NTT Mart outlets)."""
        from shop.graphql.service_clients import service_client_user

        return service_client_user(request, token)

    def parse_body(self, request):
        if self.get_content_type(request) == "application/json":
            try:
                body = json.loads(request.body.decode("utf-8") or "null")
            except (UnicodeDecodeError, ValueError) as exc:
                raise HttpError(
                    HttpResponseBadRequest(_("Isi permintaan bukan JSON yang valid."))
                ) from exc
            if isinstance(body, list):
                raise HttpError(
                    HttpResponseBadRequest(
                        _("Permintaan berkelompok (batch) tidak didukung: kirim satu operasi.")
                    )
                )
            if not isinstance(body, dict):
                raise HttpError(HttpResponseBadRequest(_("Isi permintaan harus objek JSON.")))
            return body
        return super().parse_body(request)

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        if query:
            try:
                document = parse(query)
            except GraphQLError as exc:
                return ExecutionResult(errors=[exc])
            operation = get_operation_ast(document, operation_name)
            if operation is not None:
                if operation.operation == OperationType.SUBSCRIPTION:
                    return ExecutionResult(errors=[GraphQLError(_("Subscription tidak didukung."))])
                errors = limit_errors(self.schema.graphql_schema, document, operation, variables)
                if errors:
                    return ExecutionResult(errors=errors)
        return super().execute_graphql_request(
            request, data, query, variables, operation_name, show_graphiql
        )


def graphql_view():
    return GraphQLView.as_view(graphiql=settings.DEBUG)
