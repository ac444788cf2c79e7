import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { fieldError, pluginError, type PluginResolverAccess } from '@loyalty-bff/plugin-sdk';
import { surveyLink } from './survey-links';
import type { TypeformSurveysOptions } from './typeform-surveys.options';

/** The survey link for a member (and order): what the app shows after a purchase. */
@Resolver()
export class TypeformSurveysResolver {
  constructor(private readonly access: PluginResolverAccess<TypeformSurveysOptions>) {}

  @Query(() => String, {
    description: 'The Typeform link with hidden member and order ids filled in (and signed)',
  })
  async typeformSurveysLink(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('orderId', () => ID, { nullable: true }) orderId: string | null,
    @Arg('formId', () => String, { nullable: true, description: 'Default: the post-purchase form' })
    formId: string | null,
    @Ctx() context: unknown,
  ): Promise<string> {
    const ctx = await this.access.context(context, { roles: ['member', 'staff', 'admin'] });
    if (!/^\d{1,12}$/.test(memberId)) throw fieldError('memberId', 'memberId must be a member id');
    if (orderId !== null && !/^\d{1,12}$/.test(orderId))
      throw fieldError('orderId', 'orderId must be an order id');
    ctx.caller.assertMayActFor(Number(memberId));
    const form = formId ?? ctx.options.postPurchaseFormId;
    if (!form || !ctx.options.forms.some((f) => f.formId === form)) {
      throw pluginError('NOT_FOUND', `No survey form ${form ?? '(no post-purchase form configured)'}`, {
        entity: 'TypeformForm',
        id: form ?? '',
      });
    }
    return surveyLink(ctx.options, form, Number(memberId), orderId === null ? null : Number(orderId));
  }
}
