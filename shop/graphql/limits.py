"""Static limits checked on a parsed query before anything executes.

One walk of the selected operation (fragments expanded, variables applied)
measures depth, aliases, top-level mutations, page sizes and a cost in
which a connection's subtree counts once per row it may return. A request
over a limit is answered with an error that names the limit, and nothing
runs; the walk itself is bounded by the depth limit.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
    is_input_object_type,
    is_input_type,
    value_from_ast_untyped,
)

PAGE_ARGS = ("first", "last")

# The standard introspection query (GraphiQL's) nests 12 deep through ``ofType``; the
# ordinary depth limit does not apply inside ``__schema``/``__type``, this one does.
INTROSPECTION_MAX_DEPTH = 15
META_TYPES = {"__schema": "__Schema", "__type": "__Type"}


@dataclass
class QueryMeasure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0
    mutations: int = 0
    selection_sets: int = 0  # how much walking the measure took
    page_errors: list[str] = field(default_factory=list)
    negative_pages: list[str] = field(default_factory=list)
    both_pages: list[str] = field(default_factory=list)


class _TooDeep(Exception):
    pass


def _page_sizes(node: FieldNode, variables: dict[str, Any]) -> dict[str, Any]:
    sizes = {}
    for arg in node.arguments or ():
        if arg.name.value in PAGE_ARGS:
            value = value_from_ast_untyped(arg.value, variables)
            if isinstance(value, int) and not isinstance(value, bool):
                sizes[arg.name.value] = value
    return sizes


def _with_defaults(operation: OperationDefinitionNode, variables: dict[str, Any]) -> dict:
    """The variables as execution will see them: a default applies to an omitted one."""
    values = dict(variables)
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in values and definition.default_value is not None:
            values[name] = value_from_ast_untyped(definition.default_value)
    return values


@lru_cache(maxsize=4)
def _introspection_rows(schema: GraphQLSchema) -> dict[str, int]:
    """How many rows each list of the introspection types answers, on average over this
    schema's types (a type of another kind answers null): a full introspection is then
    costed about as many objects as it returns."""
    types = list(schema.type_map.values())
    fields = [f for t in types if hasattr(t, "fields") for f in t.fields.values()]

    def per_type(count) -> int:
        return max(1, -(-sum(count(t) for t in types) // len(types)))

    return {
        "types": len(types),
        "fields": per_type(lambda t: 0 if is_input_type(t) else len(getattr(t, "fields", ()))),
        "inputFields": per_type(lambda t: len(t.fields) if is_input_object_type(t) else 0),
        "args": max(1, -(-sum(len(getattr(f, "args", {})) for f in fields) // len(fields))),
        "enumValues": per_type(lambda t: len(getattr(t, "values", ()))),
        "interfaces": per_type(lambda t: len(getattr(t, "interfaces", ()))),
        "possibleTypes": per_type(
            lambda t: len(schema.get_possible_types(t)) if is_abstract_type(t) else 0
        ),
        "directives": len(schema.directives),
    }


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any] | None,
) -> QueryMeasure:
    variables = _with_defaults(operation, variables or {})
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    result = QueryMeasure()
    max_depth = settings.GRAPHQL_MAX_DEPTH
    max_page = settings.GRAPHQL_PAGE_SIZE_MAX
    introspection_rows = _introspection_rows(schema)
    root_type = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]

    # A fragment spread many times is measured once per depth, so a document of
    # nested, repeated spreads cannot make this walk itself expensive; each spread
    # still adds the fragment's cost and aliases.
    fragment_measures: dict[tuple[str, int, bool], tuple[int, int]] = {}

    def walk(
        selection_set: SelectionSetNode | None,
        parent,
        depth: int,
        seen: frozenset,
        meta: bool,
    ) -> tuple[int, int]:
        """Answer (cost, aliases) of a selection set."""
        if selection_set is None:
            return 0, 0
        if depth > (INTROSPECTION_MAX_DEPTH if meta else max_depth):
            raise _TooDeep
        result.selection_sets += 1
        if not meta:
            result.depth = max(result.depth, depth)
        cost = aliases = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                if sel.alias is not None:
                    aliases += 1
                name = sel.name.value
                if depth == 1 and parent is schema.mutation_type:
                    result.mutations += 1
                field_def = (
                    parent.fields.get(name)
                    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
                    else None
                )
                inside_meta = meta or name in META_TYPES
                if name in META_TYPES:
                    child_type = schema.get_type(META_TYPES[name])
                else:
                    child_type = get_named_type(field_def.type) if field_def else None
                sizes = _page_sizes(sel, variables)
                if any(size > max_page for size in sizes.values()):
                    result.page_errors.append(name)
                if any(size < 0 for size in sizes.values()):
                    result.negative_pages.append(name)
                if len(sizes) == 2:
                    result.both_pages.append(name)
                page = max(sizes.values()) if sizes else None
                is_connection = bool(child_type and child_type.name.endswith("Connection"))
                if page is not None:
                    rows = max(page, 1)
                elif is_connection:
                    rows = max_page
                elif meta:
                    rows = introspection_rows.get(name, 1)
                else:
                    rows = 1
                # Objects cost 1 each, scalars nothing: what grows a response is
                # objects times the rows a connection may return. A type reference's
                # ``ofType`` chain is short and bounded by the introspection depth.
                own = 1 if sel.selection_set is not None and name != "ofType" else 0
                inner_cost, inner_aliases = walk(
                    sel.selection_set, child_type, depth + 1, seen, inside_meta
                )
                cost += own + rows * inner_cost
                aliases += inner_aliases
            elif isinstance(sel, InlineFragmentNode):
                inner = (
                    schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                )
                inner_cost, inner_aliases = walk(sel.selection_set, inner, depth, seen, meta)
                cost += inner_cost
                aliases += inner_aliases
            elif isinstance(sel, FragmentSpreadNode):
                frag = fragments.get(sel.name.value)
                if frag is None or frag.name.value in seen:
                    continue
                key = (frag.name.value, depth, meta)
                if key not in fragment_measures:
                    inner = schema.get_type(frag.type_condition.name.value)
                    fragment_measures[key] = walk(
                        frag.selection_set, inner, depth, seen | {frag.name.value}, meta
                    )
                cost += fragment_measures[key][0]
                aliases += fragment_measures[key][1]
        return cost, aliases

    try:
        result.cost, result.aliases = walk(
            operation.selection_set, root_type, 1, frozenset(), False
        )
    except _TooDeep:
        result.depth = max_depth + 1
    return result


def limit_errors(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any] | None,
) -> list[GraphQLError]:
    """Return one error per limit the operation breaks (empty when it may run)."""
    m = measure(schema, document, operation, variables)
    errors = []

    def err(code: str, message: str) -> None:
        errors.append(GraphQLError(message, extensions={"code": code}))

    if m.depth > settings.GRAPHQL_MAX_DEPTH:
        err(
            "QUERY_TOO_DEEP",
            _("Kueri terlalu dalam: batas kedalaman adalah %(limit)d.")
            % {"limit": settings.GRAPHQL_MAX_DEPTH},
        )
    if m.aliases > settings.GRAPHQL_MAX_ALIASES:
        err(
            "TOO_MANY_ALIASES",
            _("Terlalu banyak alias (%(count)d): batasnya %(limit)d.")
            % {"count": m.aliases, "limit": settings.GRAPHQL_MAX_ALIASES},
        )
    if m.mutations > settings.GRAPHQL_MAX_MUTATIONS:
        err(
            "TOO_MANY_MUTATIONS",
            _("Terlalu banyak mutasi dalam satu permintaan (%(count)d): batasnya %(limit)d.")
            % {"count": m.mutations, "limit": settings.GRAPHQL_MAX_MUTATIONS},
        )
    for name in m.negative_pages:
        err(
            "INVALID",
            _("Ukuran halaman untuk %(field)s tidak boleh negatif.") % {"field": name},
        )
    for name in m.both_pages:
        err(
            "INVALID",
            _("Sebutkan first atau last untuk %(field)s, jangan keduanya.") % {"field": name},
        )
    for name in m.page_errors:
        err(
            "PAGE_SIZE_TOO_LARGE",
            _("Ukuran halaman untuk %(field)s melebihi batas %(limit)d baris.")
            % {"field": name, "limit": settings.GRAPHQL_PAGE_SIZE_MAX},
        )
    if m.cost > settings.GRAPHQL_MAX_COST and m.depth <= settings.GRAPHQL_MAX_DEPTH:
        err(
            "QUERY_TOO_COSTLY",
            _("Kueri terlalu mahal (biaya %(cost)d): batas biaya adalah %(limit)d.")
            % {"cost": m.cost, "limit": settings.GRAPHQL_MAX_COST},
        )
    return errors


def nesting_exceeds(text: str, limit: int, *, graphql: bool = False) -> bool:
    """Whether brackets in ``text`` (JSON, or a GraphQL document) nest deeper than ``limit``.

    Checked on the raw text before any parser sees it, so a body of 50,000 ``[``
    is refused with a code instead of exhausting a recursive parser. Brackets
    inside strings (and GraphQL comments) do not count.
    """
    opening, closing = ("[{(", "]})") if graphql else ("[{", "]}")
    if sum(text.count(c) for c in opening) <= limit:
        return False
    depth = 0
    in_string = escaped = in_comment = False
    for ch in text:
        if in_comment:
            in_comment = ch not in "\r\n"
        elif in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif graphql and ch == "#":
            in_comment = True
        elif ch in opening:
            depth += 1
            if depth > limit:
                return True
        elif ch in closing:
            depth -= 1
    return False
