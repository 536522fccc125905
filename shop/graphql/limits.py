"""Static limits checked on a parsed query before anything executes.

One walk of the selected operation (fragments expanded, variables applied)
measures depth, aliases, top-level mutations, page sizes and a cost in
which a connection's subtree counts once per row it may return. A request
over a limit is answered with an error that names the limit, and nothing
runs; the walk itself is bounded by the depth limit.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    value_from_ast_untyped,
)

PAGE_ARGS = ("first", "last")


@dataclass
class QueryMeasure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0
    mutations: int = 0
    selection_sets: int = 0  # how much walking the measure took
    page_errors: list[str] = field(default_factory=list)


class _TooDeep(Exception):
    pass


def _page_size(node: FieldNode, variables: dict[str, Any]) -> int | None:
    sizes = []
    for arg in node.arguments or ():
        if arg.name.value in PAGE_ARGS:
            value = value_from_ast_untyped(arg.value, variables)
            if isinstance(value, int):
                sizes.append(value)
    return max(sizes) if sizes else None


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any] | None,
) -> QueryMeasure:
    variables = variables or {}
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    result = QueryMeasure()
    max_depth = settings.GRAPHQL_MAX_DEPTH
    max_page = settings.GRAPHQL_PAGE_SIZE_MAX
    root_type = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]

    # A fragment spread many times is measured once per depth, so a document of
    # nested, repeated spreads cannot make this walk itself expensive.
    fragment_costs: dict[tuple[str, int], int] = {}

    def walk(selection_set: SelectionSetNode | None, parent, depth: int, seen: frozenset) -> int:
        if selection_set is None:
            return 0
        if depth > max_depth:
            raise _TooDeep
        result.selection_sets += 1
        result.depth = max(result.depth, depth)
        cost = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                if sel.alias is not None:
                    result.aliases += 1
                name = sel.name.value
                if name.startswith("__"):
                    continue
                if depth == 1 and parent is schema.mutation_type:
                    result.mutations += 1
                field_def = (
                    parent.fields.get(name) if isinstance(parent, GraphQLObjectType) else None
                )
                child_type = get_named_type(field_def.type) if field_def else None
                page = _page_size(sel, variables)
                if page is not None and page > max_page:
                    result.page_errors.append(name)
                is_connection = bool(child_type and child_type.name.endswith("Connection"))
                rows = max(page or 0, 1) if page is not None else (max_page if is_connection else 1)
                # Objects cost 1 each, scalars nothing: what grows a response is
                # objects times the rows a connection may return.
                own = 1 if sel.selection_set is not None else 0
                cost += own + rows * walk(sel.selection_set, child_type, depth + 1, seen)
            elif isinstance(sel, InlineFragmentNode):
                inner = (
                    schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                )
                cost += walk(sel.selection_set, inner, depth, seen)
            elif isinstance(sel, FragmentSpreadNode):
                frag = fragments.get(sel.name.value)
                if frag is None or frag.name.value in seen:
                    continue
                key = (frag.name.value, depth)
                if key not in fragment_costs:
                    inner = schema.get_type(frag.type_condition.name.value)
                    fragment_costs[key] = walk(
                        frag.selection_set, inner, depth, seen | {frag.name.value}
                    )
                cost += fragment_costs[key]
        return cost

    try:
        result.cost = walk(operation.selection_set, root_type, 1, frozenset())
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
