import { createHmac, randomUUID } from 'node:crypto';

export const TYPEFORM_SECRET = 'typeform-webhook-secret-0123';
export const FORM_ID = 'PoStBuY1';

/** Headers exactly as Typeform signs a delivery: sha256= and the base64 HMAC of the raw body. */
export function typeformHeaders(body: string, secret = TYPEFORM_SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Typeform Webhooks',
    'typeform-signature': `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`,
  };
}

/** A `form_response` as Typeform sends it: NPS and rating are `number` answers, the suggestion `text`. */
export function formResponse(input: {
  hidden: Record<string, string>;
  nps?: number;
  suggestion?: string;
  token?: string;
  formId?: string;
}): string {
  const answers: object[] = [];
  if (input.nps !== undefined)
    answers.push({ type: 'number', number: input.nps, field: { id: 'fNps01', type: 'nps', ref: 'nps_q' } });
  if (input.suggestion)
    answers.push({
      type: 'text',
      text: input.suggestion,
      field: { id: 'fTxt01', type: 'long_text', ref: 'tell_us' },
    });
  answers.push({
    type: 'choice',
    choice: { label: 'Online' },
    field: { id: 'fCh01', type: 'multiple_choice', ref: 'where' },
  });
  return JSON.stringify({
    event_id: randomUUID().replace(/-/g, '').slice(0, 26).toUpperCase(),
    event_type: 'form_response',
    form_response: {
      form_id: input.formId ?? FORM_ID,
      token: input.token ?? randomUUID().replace(/-/g, ''),
      landed_at: new Date(Date.now() - 60_000).toISOString(),
      submitted_at: new Date().toISOString(),
      hidden: input.hidden,
      definition: {
        id: input.formId ?? FORM_ID,
        title: 'How did we do?',
        fields: [
          { id: 'fNps01', ref: 'nps_q', type: 'nps', title: 'How likely are you to recommend us?' },
          { id: 'fTxt01', ref: 'tell_us', type: 'long_text', title: 'Anything to tell us?' },
          { id: 'fCh01', ref: 'where', type: 'multiple_choice', title: 'Where did you shop?' },
        ],
      },
      answers,
    },
  });
}

/** Hidden fields as Typeform reads them from a share link's fragment. */
export function hiddenFieldsOf(url: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(new URL(url).hash.slice(1)));
}
