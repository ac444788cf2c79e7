import {
  hmacSha256Base64,
  parseJsonLossless,
  signaturesMatch,
  webhookError,
  type InboundWebhookRequest,
  type WebhookAcceptance,
} from '@loyalty-bff/plugin-sdk';
import type { TypeformEvent } from './typeform.payloads';
import type { TypeformSurveysOptions } from './typeform-surveys.options';

/**
 * Before anything is written: `Typeform-Signature: sha256=<base64 HMAC of the raw body>` (401), a
 * `form_response` event of a configured form with a response token (400). The token is the dedupe
 * key: Typeform redelivers a response with the same token.
 */
export function acceptTypeformResponse(
  request: InboundWebhookRequest,
  options: TypeformSurveysOptions,
): WebhookAcceptance {
  const header = request.headers['typeform-signature'];
  if (!header) throw webhookError(401, 'Typeform-Signature is missing');
  const expected = `sha256=${hmacSha256Base64(options.webhookSecret, request.rawBody)}`;
  if (!signaturesMatch(expected, header)) throw webhookError(401, 'The signature does not match the body');
  let event: TypeformEvent;
  try {
    event = parseJsonLossless(request.rawBody.toString('utf8')) as TypeformEvent;
  } catch {
    throw webhookError(400, 'The body is not JSON');
  }
  if (event?.event_type !== 'form_response') {
    throw webhookError(
      400,
      `Unknown event type ${String(event?.event_type)}: this connector handles form_response`,
    );
  }
  const response = event.form_response;
  if (typeof response?.token !== 'string' || !response.token)
    throw webhookError(400, 'form_response.token is missing');
  if (!options.forms.some((f) => f.formId === response.form_id)) {
    throw webhookError(400, `Form ${String(response.form_id)} is not mapped to a survey`);
  }
  return { kind: 'delivery', deliveryId: response.token, topic: 'form_response' };
}
