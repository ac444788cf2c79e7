import { createHmac } from 'node:crypto';
import { signaturesMatch } from '@loyalty-bff/plugin-sdk';
import { memberFieldOf, orderFieldOf, type TypeformSurveysOptions } from './typeform-surveys.options';

/** A short HMAC of what the link is for: edited hidden fields no longer match it. */
export function linkSignature(
  secret: string,
  formId: string,
  memberId: string,
  orderId: string | null,
): string {
  return createHmac('sha256', secret)
    .update(`typeform-link:${formId}:${memberId}:${orderId ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
}

export function linkSignatureValid(
  secret: string,
  formId: string,
  memberId: string,
  orderId: string | null,
  signature: string | undefined,
): boolean {
  return signaturesMatch(linkSignature(secret, formId, memberId, orderId), signature);
}

/**
 * The form's share link with hidden fields filled in. Typeform reads hidden fields from the URL
 * fragment (`#member_id=..&order_id=..`), so they never reach a server log as a query string.
 */
export function surveyLink(
  options: TypeformSurveysOptions,
  formId: string,
  memberId: number,
  orderId: number | null,
): string {
  const base = options.linkBaseUrl.endsWith('/') ? options.linkBaseUrl : `${options.linkBaseUrl}/`;
  const hidden = new URLSearchParams({ [memberFieldOf(options)]: String(memberId) });
  if (orderId !== null) hidden.set(orderFieldOf(options), String(orderId));
  hidden.set(
    'sig',
    linkSignature(options.webhookSecret, formId, String(memberId), orderId === null ? null : String(orderId)),
  );
  return `${base}${formId}#${hidden.toString()}`;
}
