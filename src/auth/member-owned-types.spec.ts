import { MEMBER_OWNED_TYPES, memberOwnedRefusal } from './member-owned-types';
import type { Principal } from './principal';

const member7: Principal = { role: 'member', subject: '7', memberId: 7 };
const staff: Principal = { role: 'staff', subject: 'staff-1' };

/** A value of the type owned by `owner`, shaped as its resolvers see it. */
const ownedBy = (type: string, owner: number | string | null) =>
  type === 'Member' ? { id: owner } : { id: 99, memberId: owner };

describe('the member access rule on member-owned GraphQL types', () => {
  const types = Object.keys(MEMBER_OWNED_TYPES);

  it.each(types)('lets a member read their own %s', (type) => {
    expect(memberOwnedRefusal(member7, type, ownedBy(type, 7))).toBeNull();
  });

  it.each(types)("refuses a member another member's %s", (type) => {
    expect(memberOwnedRefusal(member7, type, ownedBy(type, 8))).toMatch(/only access their own/);
  });

  it.each(types)('lets staff read anyone’s %s', (type) => {
    expect(memberOwnedRefusal(staff, type, ownedBy(type, 8))).toBeNull();
  });

  it('refuses a member a value that belongs to nobody, such as a guest order', () => {
    expect(memberOwnedRefusal(member7, 'Order', ownedBy('Order', null))).not.toBeNull();
  });

  it('compares ids given as strings (ID fields of exports) by value', () => {
    expect(memberOwnedRefusal(member7, 'MemberDataExport', { memberId: '7' })).toBeNull();
  });

  it('leaves types that are nobody’s data alone', () => {
    expect(memberOwnedRefusal(member7, 'Reward', { id: 1 })).toBeNull();
  });
});
