import { fieldError, pluginError } from '@loyalty-bff/plugin-sdk';
import type { PartnerAgreement } from './partner-exchange.options';

/** Refuses outside [validFrom, validUntil): an expired (or not yet started) agreement moves nothing. */
export function assertAgreementActive(agreement: PartnerAgreement, now: Date): void {
  if (now < new Date(agreement.validFrom) || now >= new Date(agreement.validUntil)) {
    throw pluginError(
      'CONFLICT',
      `The agreement with ${agreement.name} is valid from ${agreement.validFrom} until ${agreement.validUntil}`,
      { reason: 'AGREEMENT_NOT_VALID', partner: agreement.code },
    );
  }
}

/** The sending side's points must be at least the minimum and a whole number of blocks. */
export function assertBlocks(agreement: PartnerAgreement, points: number, field: string): void {
  if (points < agreement.minimumPoints) {
    throw fieldError(field, `At least ${agreement.minimumPoints} points per transfer`);
  }
  if (points % agreement.stepPoints !== 0) {
    throw fieldError(field, `Transfers go in blocks of ${agreement.stepPoints} points`);
  }
}

/**
 * What the receiving side gets: points × rate, plus the bonus percent, rounded down once at the end
 * (a rate of 0.5 and a 10% bonus on 1,000 gives 550). Scaled integers avoid 0.1 + 0.2 surprises.
 */
export function convert(points: number, rate: number, bonusPercent = 0): number {
  const scaledRate = Math.round(rate * 1_000_000);
  return Math.floor((points * scaledRate * (100 + bonusPercent)) / 100_000_000);
}

/** Start of the UTC day and year that caps count over. */
export function capWindows(now: Date): { dayStart: Date; yearStart: Date } {
  return {
    dayStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
    yearStart: new Date(Date.UTC(now.getUTCFullYear(), 0, 1)),
  };
}

export function assertWithinCaps(
  agreement: PartnerAgreement,
  used: { today: number; thisYear: number },
): void {
  if (used.today > agreement.dailyCapPoints) {
    throw pluginError(
      'LIMIT_REACHED',
      `Daily limit of ${agreement.dailyCapPoints} points with ${agreement.name} reached`,
      {
        limit: 'DAILY',
        cap: agreement.dailyCapPoints,
      },
    );
  }
  if (used.thisYear > agreement.yearlyCapPoints) {
    throw pluginError(
      'LIMIT_REACHED',
      `Yearly limit of ${agreement.yearlyCapPoints} points with ${agreement.name} reached`,
      {
        limit: 'YEARLY',
        cap: agreement.yearlyCapPoints,
      },
    );
  }
}

/** Settlement value of points at a price per 1,000, rounded half up to the minor unit. */
export function valueOf(points: number, minorPer1000: number): number {
  return Math.round((points * minorPer1000) / 1000);
}
