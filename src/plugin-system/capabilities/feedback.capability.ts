import { SubmitFeedbackInput } from '../../modules/feedback';
import type { PluginContext } from '../plugin-definition';
import { validated } from '../validate-input';
import type { CapabilityScope } from './capability-scope';

/** `ctx.feedback`: submit survey answers collected elsewhere (feedback:write). */
export function feedbackCapability({ ctx, services, need }: CapabilityScope): PluginContext['feedback'] {
  return {
    async submit(input) {
      need('feedback:write');
      const { response, alreadySubmitted, detractorAlert } = await services.feedback.submit(
        ctx,
        await validated(SubmitFeedbackInput, {
          surveyId: String(input.surveyId),
          memberId: String(input.memberId),
          orderId: input.orderId ? String(input.orderId) : undefined,
          nps: input.nps ?? undefined,
          csat: input.csat ?? undefined,
          ces: input.ces ?? undefined,
          suggestion: input.suggestion || undefined,
          channel: input.channel ?? undefined,
          externalId: input.externalId ?? undefined,
        }),
      );
      return {
        responseId: response.id,
        alreadySubmitted,
        detractorAlert,
        pointsEarned: response.pointsAwarded,
      };
    },
  };
}
