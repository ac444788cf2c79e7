import { decodeCursor, encodeCursor, toConnection } from './connection';

describe('Relay connections', () => {
  it('round-trips a cursor of the same list', () => {
    expect(decodeCursor('member', encodeCursor('member', 42))).toBe(42);
  });

  it("refuses another list's cursor and garbage as BAD_USER_INPUT", () => {
    expect(() => decodeCursor('member', encodeCursor('audit', 1))).toThrow(/not a cursor of this list/);
    expect(() => decodeCursor('member', 'not-a-cursor')).toThrow(/not a cursor of this list/);
  });

  it('says there is a next page only when one more row than asked was fetched', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const page = toConnection('member', rows, 2);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([1, 2]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, endCursor: encodeCursor('member', 2) });
    expect(toConnection('member', rows, 3).pageInfo.hasNextPage).toBe(false);
  });

  it('gives an empty page null cursors', () => {
    expect(toConnection('member', [], 10).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
