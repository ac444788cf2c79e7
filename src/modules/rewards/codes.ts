import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: codes are read aloud at tills and typed from screenshots. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function randomCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** 16 characters of a 31-letter alphabet (~79 bits) from the CSPRNG: unguessable, so a code is a bearer token. */
export function generateCouponCode(): string {
  return randomCode(16);
}

/** 8 characters: short enough to share by voice; uniqueness is enforced by the table (retry on clash). */
export function generateReferralCode(): string {
  return randomCode(8);
}

/** What a cashier or member typed: case, spaces and dashes do not matter. */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}
