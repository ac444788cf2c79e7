import { hmacSha256Hex, signaturesMatch } from '@loyalty-bff/plugin-sdk';

/**
 * Both directions sign with the partner's shared secret: hex(HMAC-SHA256(secret, `${t}.${message}`)),
 * t in unix seconds. Outbound the message is the raw JSON body; inbound (a GraphQL mutation, whose
 * body a client library may re-serialise) it is the transfer's fields joined by dots, in a fixed order.
 */
export function sign(secret: string, timestamp: number, message: string): string {
  return hmacSha256Hex(secret, `${timestamp}.${message}`);
}

export function inboundMessage(input: {
  partnerCode: string;
  partnerTransferId: string;
  memberId: string;
  partnerPoints: number;
}): string {
  return [input.partnerCode, input.partnerTransferId, input.memberId, input.partnerPoints].join('.');
}

export function signatureValid(
  secret: string,
  timestamp: number,
  message: string,
  signature: string,
  toleranceSeconds: number,
  now: Date,
): boolean {
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > toleranceSeconds) return false;
  return signaturesMatch(sign(secret, timestamp, message), signature);
}
