import {
  errorCode,
  parseJsonLossless,
  permanentFailure,
  type PluginContext,
  type PluginDelivery,
  type PluginEvent,
} from '@loyalty-bff/plugin-sdk';
import { linkSignatureValid, surveyLink } from './survey-links';
import type { TypeformAnswer, TypeformEvent } from './typeform.payloads';
import {
  memberFieldOf,
  orderFieldOf,
  type TypeformFormMapping,
  type TypeformSurveysOptions,
} from './typeform-surveys.options';

type Ctx = PluginContext<TypeformSurveysOptions>;
/** What no retry can fix: the answers or ids are wrong, or the member already answered. */
const FINAL = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'];

/** Maps a response to feedback by the form's configuration; the core does points and the detractor alert. */
export async function handleTypeformResponse(ctx: Ctx, delivery: PluginDelivery): Promise<void> {
  const { form_response: response } = parseJsonLossless(delivery.rawBody) as TypeformEvent;
  const form = ctx.options.forms.find((f) => f.formId === response.form_id);
  if (!form) throw permanentFailure(`Form ${response.form_id} is no longer mapped to a survey`);
  const hidden = response.hidden ?? {};
  const memberId = hidden[memberFieldOf(ctx.options)];
  const orderId = hidden[orderFieldOf(ctx.options)] || null;
  if (!memberId || !/^\d{1,12}$/.test(memberId)) throw permanentFailure('The response carries no member id');
  if (orderId !== null && !/^\d{1,12}$/.test(orderId)) throw permanentFailure('The order id is not an id');
  if (
    (ctx.options.requireSignedLinks ?? true) &&
    !linkSignatureValid(ctx.options.webhookSecret, form.formId, memberId, orderId, hidden.sig)
  ) {
    throw permanentFailure('The hidden fields do not match the link they were given in (sig)');
  }
  try {
    const result = await ctx.feedback.submit({
      surveyId: form.surveyId,
      memberId: Number(memberId),
      orderId: orderId === null ? null : Number(orderId),
      ...answersOf(form, response.answers ?? []),
      externalId: `typeform:${response.token}`.slice(0, 191),
    });
    ctx.logger.info('survey response recorded', { response: response.token, ...result });
  } catch (error) {
    const code = errorCode(error);
    if (code && FINAL.includes(code)) throw permanentFailure(`${code}: ${(error as Error).message}`);
    throw error;
  }
}

/** NPS, opinion scale and rating all arrive as `{ type: "number", number }`: the ref says which is which. */
export function answersOf(form: TypeformFormMapping, answers: TypeformAnswer[]) {
  const byRef = (ref: string | undefined) => (ref ? answers.find((a) => a.field?.ref === ref) : undefined);
  const number = (ref: string | undefined) => {
    const answer = byRef(ref);
    return answer?.type === 'number' && Number.isInteger(answer.number) ? answer.number! : null;
  };
  const suggestion = byRef(form.suggestionRef);
  const text =
    suggestion?.type === 'text'
      ? suggestion.text
      : suggestion?.type === 'choice'
        ? suggestion.choice?.label
        : null;
  return {
    nps: number(form.npsRef),
    csat: number(form.csatRef),
    ces: number(form.cesRef),
    suggestion: text?.trim().slice(0, 2000) || null,
  };
}

/** An order of a member makes a post-purchase invitation: the link, published for messaging and support. */
export async function inviteAfterOrder(ctx: Ctx, event: PluginEvent<'order.recorded'>): Promise<void> {
  const formId = ctx.options.postPurchaseFormId;
  const orderId = Number(event.payload.orderId);
  if (!formId || event.memberId === null || !Number.isInteger(orderId)) return;
  await ctx.activity.publish({
    type: 'invitation-created',
    memberId: event.memberId,
    summary: `Post-purchase survey invitation for order ${orderId}`,
    payload: {
      orderId: String(orderId),
      formId,
      url: surveyLink(ctx.options, formId, event.memberId, orderId),
    },
  });
}
