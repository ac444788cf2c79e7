import type { Member } from './member.entity';

/** The member as audit entries and exports record it: every stored field, dates as ISO strings. */
export function memberSnapshot(member: Member): Record<string, unknown> {
  return {
    id: member.id,
    status: member.status,
    firstName: member.firstName,
    lastName: member.lastName,
    birthday: member.birthday,
    gender: member.gender,
    region: member.region,
    email: member.email,
    phone: member.phone,
    marketingConsent: member.marketingConsent,
    marketingConsentUpdatedAt: member.marketingConsentUpdatedAt?.toISOString() ?? null,
    communicationPreferences: {
      email: member.commsEmail,
      sms: member.commsSms,
      push: member.commsPush,
      mail: member.commsMail,
    },
    joinChannel: member.joinChannel,
    joinedAt: member.joinedAt.toISOString(),
    closedAt: member.closedAt?.toISOString() ?? null,
    closeReason: member.closeReason,
    closeComment: member.closeComment,
    reactivatedAt: member.reactivatedAt?.toISOString() ?? null,
    mergedIntoId: member.mergedIntoId,
    erasedAt: member.erasedAt?.toISOString() ?? null,
  };
}
