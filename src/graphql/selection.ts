import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the operation asks, anywhere below the field being resolved, for a field called `name`
 * (through fragments and inline fragments too). Lets a resolver leave out a large column the client
 * did not ask for; a false positive only costs the column, never a wrong answer.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const selection of set.selections) {
      if (selection.kind === 'Field') {
        if (selection.name.value === name || walk(selection.selectionSet)) return true;
      } else if (selection.kind === 'InlineFragment') {
        if (walk(selection.selectionSet)) return true;
      } else {
        const fragment = info.fragments[selection.name.value];
        if (!visited.has(selection.name.value)) {
          visited.add(selection.name.value);
          if (!fragment || walk(fragment.selectionSet)) return true;
        }
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => walk(node.selectionSet));
}
