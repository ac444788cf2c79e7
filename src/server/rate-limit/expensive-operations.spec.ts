import { parse } from 'graphql';
import { selectsExpensiveField } from './expensive-operations';

const EXPENSIVE = new Set(['programKpis', 'members']);
const check = (query: string, operationName?: string) =>
  selectsExpensiveField(parse(query), operationName, EXPENSIVE);

describe('expensive operations', () => {
  it('are those that select an expensive field at their root', () => {
    expect(check('{ programKpis(input: {}) { activeMembers } }')).toBe(true);
    expect(check('{ tiers { name } }')).toBe(false);
  });

  it('are found through fragments and inline fragments, and not below the root', () => {
    expect(check('query { ...F } fragment F on Query { members { totalCount } }')).toBe(true);
    expect(check('query { ... on Query { programKpis(input: {}) { activeMembers } } }')).toBe(true);
    expect(check('{ member(id: "1") { members { id } } }')).toBe(false);
  });

  it('are judged by the operation that runs, not by others in the document', () => {
    const document = 'query Cheap { tiers { name } } query Costly { members { totalCount } }';
    expect(check(document, 'Cheap')).toBe(false);
    expect(check(document, 'Costly')).toBe(true);
  });
});
