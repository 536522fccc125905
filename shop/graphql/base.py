"""Building blocks every app's GraphQL layer uses: errors, mutations, money, pages.

This is the low part of ``shop/graphql``: it imports no app, so sellers,
catalog, promotions and orders can build on it; the root schema that imports
all of them lives in ``schema.py``.
"""

from enum import Enum
from typing import Any

import graphene
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from graphene import relay
from graphene.utils.str_converters import to_camel_case
from graphene_django import DjangoConnectionField
from graphql import GraphQLError
from graphql_relay import cursor_to_offset, from_global_id

from shop.money import CURRENCY

_error_types: dict[str, type[graphene.ObjectType]] = {}


def error_type(name: str, codes: type[Enum], description: str) -> type[graphene.ObjectType]:
    """An ``<Domain>Error { field code message }`` type for one app's code enum."""
    if name in _error_types:
        return _error_types[name]
    code_enum = graphene.Enum.from_enum(codes, description=f"Error codes of {name}.")
    attrs = {
        "field": graphene.String(
            description="The input field the error is about (camelCase), or null for the whole request."
        ),
        "code": graphene.Field(code_enum, required=True, description="Machine-readable code."),
        "message": graphene.String(
            required=True, description="Human-readable message in the request's language."
        ),
        "Meta": type("Meta", (), {"description": description}),
    }
    _error_types[name] = type(name, (graphene.ObjectType,), attrs)
    _error_types[name].code_enum = codes
    return _error_types[name]


def validation_error_items(exc: ValidationError) -> list[tuple[str | None, str, str]]:
    """Flatten a Django ``ValidationError`` into (camelCase field or None, CODE, message)."""
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    items = []
    for field, errors in by_field.items():
        for err in errors:
            message = err.message % err.params if err.params else err.message
            items.append(
                (
                    None if field == NON_FIELD_ERRORS else to_camel_case(field),
                    str(err.code or "invalid").upper(),
                    str(message),
                )
            )
    return items


def errors_from_validation(exc: ValidationError, codes: type[Enum]) -> list[dict[str, Any]]:
    """``validation_error_items`` as mutation errors, codes outside ``codes`` made INVALID."""
    known = {c.value for c in codes}
    fallback = "INVALID" if "INVALID" in known else next(iter(known))
    return [
        {"field": field, "code": code if code in known else fallback, "message": message}
        for field, code, message in validation_error_items(exc)
    ]


def enum_value(value: Any) -> Any:
    """The plain value of a graphene enum argument (graphene passes members or values)."""
    return getattr(value, "value", value)


class BaseMutation(graphene.Mutation):
    """Checks permissions, runs ``perform``, and turns failures into ``errors``.

    Subclasses set ``error_type`` (and optionally ``permissions``, all of which
    the user must hold, or ``login_required``) in Meta and implement
    ``perform(cls, root, info, **data)`` returning the payload. Services raise
    ``ValidationError``/``PermissionDenied``; they never reach the client as
    a 500.
    """

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(
        cls,
        error_type=None,
        permissions: tuple[str, ...] = (),
        login_required: bool = False,
        _meta=None,
        **options,
    ):
        if error_type is not None:
            cls.errors = graphene.List(
                graphene.NonNull(error_type),
                required=True,
                description="What went wrong, if anything.",
            )
        cls._error_type = error_type
        cls._permissions = tuple(permissions)
        cls._login_required = login_required or bool(permissions)
        super().__init_subclass_with_meta__(_meta=_meta, **options)

    @classmethod
    def perform(cls, root, info, **data):
        raise NotImplementedError

    @classmethod
    def fail(cls, errors: list[dict[str, Any]]):
        return cls(errors=errors)

    @classmethod
    def get_node_or_error(
        cls,
        info,
        global_id: str | None,
        *,
        model: type[models.Model] | None = None,
        only_type: type[graphene.ObjectType] | None = None,
        field: str = "id",
        qs: models.QuerySet | None = None,
    ) -> Any:
        """Load the object a Relay ID names, or fail with one field error coded NOT_FOUND.

        The ID must be of ``only_type`` (default: the type named like ``model``) and
        the row must be in ``qs`` (default: every row of the model). Pass the rows
        the user may see as ``qs``: a wrong type, a missing row and a hidden one
        answer the same, so nobody learns that a private object exists.
        """
        model = model or only_type._meta.model
        type_name = only_type._meta.name if only_type is not None else model.__name__
        try:
            kind, pk = from_global_id(global_id or "")
        except Exception:
            kind, pk = "", ""
        found = None
        if kind == type_name and pk.isdigit():
            found = (model._default_manager.all() if qs is None else qs).filter(pk=pk).first()
        if found is None:
            message = _("%(name)s tidak ditemukan.") % {"name": capfirst(model._meta.verbose_name)}
            code = cls._error_type.code_enum.NOT_FOUND
            raise ValidationError({field: ValidationError(message, code=code)})
        return found

    @classmethod
    def mutate(cls, root, info, **data):
        codes = cls._error_type.code_enum
        user = info.context.user
        try:
            if cls._login_required and not user.is_authenticated:
                raise PermissionDenied(_("Anda harus masuk terlebih dahulu."))
            if cls._permissions and not user.has_perms(cls._permissions):
                raise PermissionDenied(_("Anda tidak memiliki izin untuk tindakan ini."))
            result = cls.perform(root, info, **data)
        except ValidationError as exc:
            return cls.fail(errors_from_validation(exc, codes))
        except PermissionDenied as exc:
            message = str(exc) or _("Anda tidak memiliki izin untuk tindakan ini.")
            return cls.fail(
                [{"field": None, "code": codes.PERMISSION_DENIED.value, "message": message}]
            )
        if getattr(result, "errors", None) is None:
            result.errors = []
        return result


class Upload(graphene.Scalar):
    """A file of a multipart request; a value that is not an uploaded file is refused."""

    class Meta:
        name = "Upload"
        description = (
            "A file sent as a part of a multipart request (graphql-multipart-request spec); "
            "the variable is null in `operations` and named in `map`."
        )

    @staticmethod
    def serialize(value):
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        raise GraphQLError(_("Berkas harus dikirim sebagai bagian multipart, bukan teks."))

    @staticmethod
    def parse_value(value):
        if not isinstance(value, UploadedFile):
            raise GraphQLError(_("Berkas harus dikirim sebagai bagian multipart, bukan teks."))
        return value


class Money(graphene.ObjectType):
    """Resolves from a plain int of whole rupiah (what models store) or a ``money()`` dict,
    so a field ``graphene.Field(Money)`` over an int attribute needs no resolver."""

    amount = graphene.Int(required=True, description="Whole rupiah.")
    currency = graphene.String(required=True, description="Always IDR.")

    class Meta:
        description = "An amount of money in whole rupiah."

    @staticmethod
    def resolve_amount(root, info) -> int:
        return int(root["amount"] if isinstance(root, dict) else root)

    @staticmethod
    def resolve_currency(root, info) -> str:
        return CURRENCY


def absolute_url(info, url: str) -> str:
    """A media or page path as a full URL of the request (as is outside a request)."""
    request = getattr(info, "context", None)
    if url.startswith("/") and request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri(url)
    return url


def money(amount: int | None) -> dict[str, Any] | None:
    return None if amount is None else {"amount": int(amount), "currency": CURRENCY}


class CountableConnection(relay.Connection):
    """A cursor connection that also says how many rows match in total."""

    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="Rows matching, across all pages.")

    @staticmethod
    def resolve_total_count(root, info):
        if getattr(root, "length", None) is not None:
            return root.length
        return root.iterable.count()


class PagedDjangoConnectionField(DjangoConnectionField):
    """``DjangoConnectionField`` whose ``offset`` and ``after`` are checked, not trusted:
    a negative offset or a cursor that is not ours answers a coded INVALID error."""

    @classmethod
    def resolve_connection(cls, connection, args, iterable, max_limit=None):
        _check_window(args)
        return super().resolve_connection(connection, args, iterable, max_limit=max_limit)


class PagedConnectionField(graphene.ConnectionField):
    """A connection over a queryset that counts and slices in SQL, at most a page of
    ``GRAPHQL_PAGE_SIZE_MAX`` rows when neither ``first`` nor ``last`` is given."""

    @classmethod
    def resolve_connection(cls, connection_type, args, resolved):
        _check_window(args)
        return DjangoConnectionField.resolve_connection(
            connection_type, dict(args), resolved, max_limit=settings.GRAPHQL_PAGE_SIZE_MAX
        )


def _check_window(args: dict[str, Any]) -> None:
    offset = args.get("offset")
    if offset is not None and offset < 0:
        raise field_error(_("offset tidak boleh negatif."), code="INVALID", field="offset")
    for name in ("after", "before"):
        cursor = args.get(name)
        position = cursor_to_offset(cursor) if cursor is not None else 0
        if position is None or position < 0:
            raise field_error(_("Kursor tidak valid."), code="INVALID", field=name)


def field_error(message: str, *, code: Enum | str, field: str | None) -> GraphQLError:
    """The one way a query reports a bad argument: ``extensions {code, field}`` with a
    code from the app's error enum, as a mutation's ``errors`` would."""
    return GraphQLError(
        str(message), extensions={"code": str(getattr(code, "value", code)), "field": field}
    )


def query_pk(global_id: str | None, type_name: str, *, field: str, code: Enum) -> int | None:
    """A query argument's Relay ID of ``type_name`` as a pk (None when not given), or a
    ``field_error`` with ``code`` (the app's NOT_FOUND)."""
    if not global_id:
        return None
    try:
        kind, pk = from_global_id(global_id)
    except Exception:
        kind, pk = "", ""
    if kind != type_name or not pk.isdigit():
        raise field_error(
            _("ID tidak dikenal: %(id)s.") % {"id": global_id}, code=code, field=field
        )
    return int(pk)


def global_id_to_pk(global_id: str, type_name: str, *, field: str) -> str:
    """Decode a Relay ID of ``type_name`` or raise a field error coded NOT_FOUND."""
    try:
        kind, pk = from_global_id(global_id)
    except Exception:
        kind, pk = "", ""
    if kind != type_name or not pk:
        raise ValidationError(
            {
                field: ValidationError(
                    _("ID tidak dikenal: %(id)s."), code="NOT_FOUND", params={"id": global_id}
                )
            }
        )
    return pk


def extend_type(object_type: type[graphene.ObjectType], **fields: graphene.Field) -> None:
    """Add fields to a lower layer's type, as SDL's ``extend type`` does.

    ``Seller { products }`` belongs in the schema, yet sellers sit below the
    catalog and may not import it; the catalog adds the field to the Seller
    type instead. Call it at import time, before the root schema is built.
    """
    for name, field in fields.items():
        if name in object_type._meta.fields:
            raise ValueError(f"{object_type._meta.name}.{name} is already defined")
        object_type._meta.fields[name] = field


def selected_fields(info) -> set[str]:
    """The names of the fields a client selected right under the field being resolved
    (through fragments and inline fragments too): a resolver computes an expensive
    part of its answer (facets, a total) only when it is asked for."""
    names: set[str] = set()

    def walk(selection_set, seen: frozenset) -> None:
        if selection_set is None:
            return
        for node in selection_set.selections:
            kind = node.kind
            if kind == "field":
                names.add(node.name.value)
            elif kind == "inline_fragment":
                walk(node.selection_set, seen)
            elif kind == "fragment_spread":
                name = node.name.value
                fragment = info.fragments.get(name)
                if fragment is not None and name not in seen:
                    walk(fragment.selection_set, seen | {name})

    for field_node in info.field_nodes:
        walk(field_node.selection_set, frozenset())
    return names
