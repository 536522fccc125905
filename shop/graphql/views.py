"""The ``/graphql/`` endpoint: authentication, request limits, then execution."""

import json
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.db import connection, transaction
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.settings import graphene_settings
from graphene_file_upload.django import FileUploadGraphQLView
from graphene_file_upload.utils import place_files_in_operations
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import ValidationRule

from shop.service_clients import ServiceClientThrottled, service_client_user
from shop.tokens import TokenError, token_user

from .dataloaders import PeerExecutionContext
from .errors import RequestError, error_format
from .limits import limit_errors, nesting_exceeds
from .middleware import InputHygieneMiddleware


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
    Lists are recorded for the dataloaders (``shop/graphql/dataloaders.py``).
    """

    execution_context_class = PeerExecutionContext

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
        return service_client_user(request, token)

    def parse_body(self, request):
        content_type = self.get_content_type(request)
        if content_type == "multipart/form-data" and "operations" in request.POST:
            return self._multipart_body(request)
        if content_type not in ("application/json", "application/graphql"):
            return super().parse_body(request)
        text = _text(_raw_body(request))
        if content_type == "application/graphql":
            return {"query": text}
        body = _json(text)
        if isinstance(body, list):
            raise RequestError(
                400,
                "INVALID",
                _("Permintaan berkelompok (batch) tidak didukung: kirim satu operasi."),
            )
        if not isinstance(body, dict):
            raise RequestError(400, "INVALID", _("Isi permintaan harus objek JSON."))
        return body

    def _multipart_body(self, request):
        """The graphql-multipart-request spec: ``operations``, ``map`` and the files."""
        operations = _json(_sized(request.POST.get("operations", "")))
        files_map = _json(_sized(request.POST.get("map", "{}")))
        if not isinstance(operations, dict):
            raise RequestError(400, "INVALID", _("Field operations harus objek JSON."))
        if not isinstance(files_map, dict) or not all(
            isinstance(paths, list) and all(isinstance(p, str) for p in paths)
            for paths in files_map.values()
        ):
            raise RequestError(
                400, "INVALID", _("Field map harus objek JSON: nama berkas -> daftar jalur.")
            )
        try:
            return place_files_in_operations(operations, files_map, request.FILES)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            raise RequestError(
                400,
                "INVALID",
                _("Field map menyebut berkas atau variabel yang tidak ada dalam permintaan."),
            ) from None

    def get_graphql_params(self, request, data):
        def param(name):
            return request.GET.get(name) or data.get(name)

        query, variables, operation_name = (
            param("query"),
            param("variables"),
            param("operationName"),
        )
        if query is not None and not isinstance(query, str):
            raise RequestError(400, "INVALID", _("Field query harus berupa teks."))
        if isinstance(variables, str):
            variables = _json(_sized(variables))
        if variables is not None and not isinstance(variables, dict):
            raise RequestError(400, "INVALID", _("Field variables harus objek JSON."))
        if operation_name == "null":
            operation_name = None
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestError(400, "INVALID", _("Field operationName harus berupa teks."))
        return query, variables, operation_name, param("id")

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        if not query:
            if show_graphiql:
                return None
            raise RequestError(400, "INVALID", _("Sebutkan kueri GraphQL di field query."))
        if nesting_exceeds(_sized(query), settings.GRAPHQL_MAX_NESTING, graphql=True):
            return ExecutionResult(errors=[_too_deep()])
        try:
            document = parsed(query)
        except GraphQLError as exc:
            return ExecutionResult(errors=[exc])
        except RecursionError:
            return ExecutionResult(errors=[_too_deep()])
        operation = get_operation_ast(document, operation_name)
        if operation is not None:
            if operation.operation == OperationType.SUBSCRIPTION:
                return ExecutionResult(
                    errors=[coded_graphql_error("INVALID", _("Subscription tidak didukung."))]
                )
            if request.method == "GET" and operation.operation != OperationType.QUERY:
                raise RequestError(405, "INVALID", _("Mutasi hanya boleh dikirim dengan POST."))
            errors = limit_errors(self.schema.graphql_schema, document, operation, variables)
            if errors:
                return ExecutionResult(errors=errors)
        rules = (
            tuple(specified_rules)
            if settings.GRAPHQL_INTROSPECTION
            else (*specified_rules, IntrospectionDisabled)
        )
        try:
            errors = validated(self.schema.graphql_schema, query, document, rules)
            if errors:
                return ExecutionResult(data=None, errors=list(errors))
            return self._execute(request, document, operation, variables, operation_name)
        except RecursionError:
            return ExecutionResult(errors=[_too_deep()])

    def _execute(self, request, document, operation, variables, operation_name):
        """graphene-django's execution, on the document parsed once above (its own
        ``execute_graphql_request`` parses and validates the text again)."""
        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
            "execution_context_class": self.execution_context_class,
        }
        schema = self.schema.graphql_schema
        try:
            if (
                operation is not None
                and operation.operation == OperationType.MUTATION
                and (
                    graphene_settings.ATOMIC_MUTATIONS is True
                    or connection.settings_dict.get("ATOMIC_MUTATIONS", False) is True
                )
            ):
                with transaction.atomic():
                    result = execute(schema, document, **options)
                    if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
                        transaction.set_rollback(True)
                return result
            return execute(schema, document, **options)
        except RecursionError:
            raise
        except Exception as exc:  # as graphene-django: the error goes into the result
            return ExecutionResult(errors=[exc])

    format_error = staticmethod(error_format)


# Parsed documents and their validation, by query text: a client (the storefront, a
# POS) sends the same few documents again and again; each is parsed and validated once
# per process. Documents are not changed by execution.
DOCUMENT_CACHE_SIZE = 512
# Only texts this short are kept: the cache holds at most 512 x 8,000 characters and
# their trees, whatever clients send (a longer document is parsed once per request).
CACHED_QUERY_LENGTH = 8_000


def parsed(query: str) -> DocumentNode:
    """The document of ``query`` (raises GraphQLError for bad syntax; not cached)."""
    return parsed_cached(query) if len(query) <= CACHED_QUERY_LENGTH else parse(query)


def validated(schema, query: str, document: DocumentNode, rules: tuple) -> tuple:
    """The validation errors of ``document`` (the text ``query``) under ``rules``."""
    if len(query) > CACHED_QUERY_LENGTH:
        return tuple(validate(schema, document, rules, graphene_settings.MAX_VALIDATION_ERRORS))
    return validated_cached(schema, query, rules)


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def parsed_cached(query: str) -> DocumentNode:
    return parse(query)


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def validated_cached(schema, query: str, rules: tuple) -> tuple[GraphQLError, ...]:
    return tuple(
        validate(schema, parsed_cached(query), rules, graphene_settings.MAX_VALIDATION_ERRORS)
    )


class IntrospectionDisabled(ValidationRule):
    """``__schema`` and ``__type`` are refused (``__typename`` stays: clients need it)."""

    def enter_field(self, node: FieldNode, *_args):
        if node.name.value in ("__schema", "__type"):
            self.report_error(
                GraphQLError(
                    _("Introspeksi skema dimatikan di server ini; lihat schema.graphql."),
                    node,
                    extensions={"code": "INTROSPECTION_DISABLED"},
                )
            )


def coded_graphql_error(code: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


def _too_deep() -> GraphQLError:
    return coded_graphql_error(
        "QUERY_TOO_DEEP",
        _("Permintaan terlalu bersarang: batasnya %(limit)d tingkat.")
        % {"limit": settings.GRAPHQL_MAX_NESTING},
    )


def _too_large() -> RequestError:
    return RequestError(
        400,
        "REQUEST_TOO_LARGE",
        _("Permintaan terlalu besar: batasnya %(limit)d bita.")
        % {"limit": settings.GRAPHQL_MAX_BODY_BYTES},
    )


def _raw_body(request) -> bytes:
    """The body, refused unread when its declared length is over the limit."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > settings.GRAPHQL_MAX_BODY_BYTES:
        raise _too_large()
    try:
        body = request.body
    except RequestDataTooBig:
        raise _too_large() from None
    if len(body) > settings.GRAPHQL_MAX_BODY_BYTES:
        raise _too_large()
    return body


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError(400, "INVALID", _("Isi permintaan bukan UTF-8 yang valid.")) from None


def _sized(text: str) -> str:
    if len(text.encode("utf-8")) > settings.GRAPHQL_MAX_BODY_BYTES:
        raise _too_large()
    return text


def _json(text: str):
    """JSON of at most the nesting limit: deeper input is refused before ``json.loads``."""
    if nesting_exceeds(text, settings.GRAPHQL_MAX_NESTING):
        raise RequestError(
            400,
            "REQUEST_TOO_DEEP",
            _("JSON terlalu bersarang: batasnya %(limit)d tingkat.")
            % {"limit": settings.GRAPHQL_MAX_NESTING},
        )
    try:
        return json.loads(text or "null")
    except (ValueError, RecursionError):
        raise RequestError(400, "INVALID", _("Isi permintaan bukan JSON yang valid.")) from None


def graphql_view():
    return GraphQLView.as_view(graphiql=settings.DEBUG, middleware=[InputHygieneMiddleware()])
