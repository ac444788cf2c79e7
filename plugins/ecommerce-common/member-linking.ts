import { errorCode, type PluginContext } from '../../src/plugin-system/sdk';

export interface PlatformCustomer {
  /** Identity channel, e.g. `shopify`. */
  channel: string;
  externalId: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

const SIMPLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The member a platform customer is: by the channel identity; else by email (an existing active
 * member gets the identity linked); else, when `createMembers` is on, a new member with the identity.
 * Null means a guest (the order is recorded for insight, without points). Concurrent deliveries for
 * the same new customer race on the identity's unique key: the loser finds the winner's member.
 */
export async function resolveMember(
  ctx: PluginContext,
  customer: PlatformCustomer,
  createMembers: boolean,
): Promise<number | null> {
  const identity = { channel: customer.channel, externalId: customer.externalId };
  const linked = await ctx.members.findByIdentity(identity.channel, identity.externalId);
  if (linked) return linked.id;
  const email =
    customer.email && SIMPLE_EMAIL.test(customer.email.trim()) ? customer.email.trim().toLowerCase() : null;
  try {
    if (email) {
      const byEmail = await ctx.members.findByEmail(email);
      if (byEmail && byEmail.status === 'ACTIVE') {
        await ctx.members.linkIdentity(byEmail.id, identity);
        return byEmail.id;
      }
      if (byEmail) return null;
    }
    if (!createMembers) return null;
    const member = await ctx.members.register({
      identity,
      email,
      firstName: customer.firstName?.trim().slice(0, 100) || null,
      lastName: customer.lastName?.trim().slice(0, 100) || null,
      joinChannel: customer.channel,
    });
    return member.id;
  } catch (error) {
    if (errorCode(error) !== 'CONFLICT') throw error;
    const winner = await ctx.members.findByIdentity(identity.channel, identity.externalId);
    if (winner) return winner.id;
    throw error;
  }
}
