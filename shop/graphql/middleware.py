"""Input hygiene for every GraphQL field that takes arguments, queries and mutations alike.

Runs before the resolver: a string argument (at any depth of an input object or
list) holding a refused control character never reaches a service or
PostgreSQL. A mutation answers it in its payload's ``errors`` (code INVALID, the
input field named); any other field answers a coded GraphQL error.
"""

from graphene.utils.str_converters import to_camel_case
from graphql import get_named_type

from shop.text import text_problems

from .base import field_error


class InputHygieneMiddleware:
    def resolve(self, next, root, info, **args):
        if args:
            problems = [(to_camel_case(name), message) for name, message in text_problems(args)]
            if problems:
                return _refuse(info, problems)
        return next(root, info, **args)


def _refuse(info, problems: list[tuple[str, str]]):
    field = info.parent_type.fields.get(info.field_name)  # None for __type
    payload = getattr(get_named_type(field.type), "graphene_type", None) if field else None
    if info.parent_type is info.schema.mutation_type and hasattr(payload, "fail"):
        return payload.fail(
            [{"field": name, "code": "INVALID", "message": message} for name, message in problems]
        )
    name, message = problems[0]
    raise field_error(message, code="INVALID", field=name)
