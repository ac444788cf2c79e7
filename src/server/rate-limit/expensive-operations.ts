import { Kind, getOperationAST, type DocumentNode, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects one of `fields` at its root (through fragments too). Decided by field
 * name rather than by the cost estimate: the cost counts response size, while KPIs, summaries, exports
 * and searches are expensive in the database whatever they return; and the names cost one walk of the
 * root selection, not a second complexity computation per request.
 */
export function selectsExpensiveField(
  document: DocumentNode,
  operationName: string | null | undefined,
  fields: ReadonlySet<string>,
): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation) return false;
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return fields.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return false;
      seen.add(name);
      return visit(fragment.selectionSet);
    });
  return visit(operation.selectionSet);
}
