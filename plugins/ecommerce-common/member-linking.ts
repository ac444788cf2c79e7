import { errorCode, isActiveMembership, type PluginContext } from '@loyalty-bff/plugin-sdk';

export interface PlatformCustomer {
  /** Identity channel, e.g. `shopify`. */
  channel: string;
  externalId: string;
  email?: string | null;
  /**
   * True only when the platform says the customer proved the email (Shopify's `verified_email`).
   * An unverified email never links to an existing member: anyone can type someone else's address
   * at checkout, and the identity then decides whose data a redact or export request reaches.
   */
  emailVerified?: boolean;
  firstName?: string | null;
  lastName?: string | null;
}

const SIMPLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The member a platform customer is: by the channel identity; else by a verified email (an existing
 * active member gets the identity linked); else, when `createMembers` is on, a new member with the
 * identity (with the email only when no member has it yet: an unverified email never takes or joins
 * someone else's membership).
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
    const byEmail = email ? await ctx.members.findByEmail(email) : null;
    if (byEmail && customer.emailVerified) {
      if (!isActiveMembership(byEmail)) return null;
      await ctx.members.linkIdentity(byEmail.id, identity);
      return byEmail.id;
    }
    if (!createMembers) return null;
    const member = await ctx.members.register({
      identity,
      email: byEmail ? null : email,
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
