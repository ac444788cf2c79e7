import { AsYouType, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Members' phone numbers, read by libphonenumber-js with its full metadata (each country's real number
 * ranges, not only lengths: `+1000000` is no number) and stored in E.164 (`+491701234567`), so one
 * number has one spelling. The unique index, the "held by another member" check and the staff search
 * all compare that form, whichever way the number was typed (`+49 170 1234567`, `+49 (0)170-123 4567`).
 *
 * Numbers without a country code: refused by default, because a programme spans countries and a
 * guessed country stores someone else's number. A deployment whose members are in one country sets
 * DEFAULT_PHONE_REGION (ISO 3166-1 alpha-2, e.g. `DE`); national input (`0170 1234567`, and the
 * international prefix `0049 …`) is then read as that country's. Extensions are refused: E.164 has none.
 *
 * The region is one process-wide setting installed by the composition root, like the clock, because the
 * rule runs inside class-validator decorators on GraphQL input types, which see no config or request.
 */
let defaultRegion: CountryCode | undefined;

/** Installs the region national numbers are read in (`undefined`: a country code is required). */
export function installDefaultPhoneRegion(region: string | undefined): void {
  defaultRegion = region as CountryCode | undefined;
}

/** The E.164 form of a complete, valid phone number; `null` for anything else. */
export function toE164(text: string): string | null {
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: defaultRegion, extract: false });
  return parsed && parsed.isValid() && !parsed.ext ? parsed.number : null;
}

const PHONE_LIKE = /^\+?[\d\s()./-]+$/;

/**
 * What a staff search's free text means as the start of a stored phone, or `null` when it does not
 * look like a phone number. A partial number is normalised as far as it goes (`+49 170 12` →
 * `+4917012`; `0170 12` with DEFAULT_PHONE_REGION=DE → `+4917012`).
 */
export function phoneSearchPrefix(text: string): string | null {
  const trimmed = text.trim();
  if (!PHONE_LIKE.test(trimmed) || trimmed.replace(/\D/g, '').length < 2) return null;
  const typing = new AsYouType(defaultRegion);
  typing.input(trimmed);
  return toE164(trimmed) ?? typing.getNumberValue() ?? null;
}
