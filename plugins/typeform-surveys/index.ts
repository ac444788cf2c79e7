import { definePlugin } from '@loyalty-bff/plugin-sdk';
import { handleTypeformResponse, inviteAfterOrder } from './typeform-surveys.handlers';
import { TypeformSurveysOptions } from './typeform-surveys.options';
import { TypeformSurveysResolver } from './typeform-surveys.resolver';
import { acceptTypeformResponse } from './typeform-surveys.webhook';

/**
 * Typeform satisfaction surveys: `form_response` webhooks become feedback (NPS/CSAT/CES/suggestion by
 * field ref, member and order from hidden fields), once per response token; the core's feedback
 * context earns the survey points and raises the detractor alert. Orders make invitation links.
 */
export default definePlugin<TypeformSurveysOptions>({
  name: 'typeform-surveys',
  version: '1.0.0',
  core: '^0.1.0',
  kind: 'survey',
  description: 'Typeform responses become feedback; orders invite to a post-purchase survey',
  permissions: ['feedback:write', 'activity:publish'],
  options: TypeformSurveysOptions,
  webhooks: [{ path: '', accept: acceptTypeformResponse, handle: handleTypeformResponse }],
  events: { 'order.recorded': inviteAfterOrder },
  resolvers: (access) => [new TypeformSurveysResolver(access)],
  async health(ctx) {
    return ctx.options.forms.length
      ? { ok: true, message: `${ctx.options.forms.length} form(s) mapped` }
      : { ok: false, message: 'no form mapped to a survey' };
  },
});
