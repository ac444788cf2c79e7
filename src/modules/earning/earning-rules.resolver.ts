import { parseId } from '../../common/ids';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Database } from '../../data/database';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { parseMemberId } from '../members';
import { EarningRule } from './earning-rule.entity';
import {
  AwardBehaviourArgs,
  CreateEarningRuleInput,
  EarningRuleFilter,
  UpdateEarningRuleInput,
} from './earning-rule.inputs';
import {
  BehaviourAwardPayload,
  EarningRuleConnection,
  EarningRuleParametersUnion,
  EarningRuleTargeting,
  parametersView,
} from './earning-rule.types';
import type { EarningRulesService } from './earning-rules.service';
import type { EarningService } from './earning.service';

/** Thin: parses ids, checks roles (@Authorized), and hands over to the services. */
@Resolver(() => EarningRule)
export class EarningRulesResolver {
  constructor(
    private readonly rules: EarningRulesService,
    private readonly earning: EarningService,
    private readonly db: Database,
  ) {}

  @Authorized('staff', 'admin')
  @Query(() => EarningRuleConnection, {
    complexity: connectionComplexity,
    description: 'Earning rules, by id order',
  })
  async earningRules(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => EarningRuleFilter, { nullable: true }) filter: EarningRuleFilter | null,
  ): Promise<EarningRuleConnection> {
    const page = await this.rules.search(filter ?? {}, decodeCursor('earning-rule', after), first + 1);
    return Object.assign(new EarningRuleConnection(), toConnection('earning-rule', page.rows, first), {
      countRules: page.count,
    });
  }

  @Authorized('staff', 'admin')
  @Query(() => EarningRule)
  earningRule(@Arg('id', () => ID) id: string): Promise<EarningRule> {
    return this.rules.getById(parseRuleId(id));
  }

  @Authorized('admin')
  @Mutation(() => EarningRule, { description: 'Create a rule at version 1 (audited)' })
  createEarningRule(
    @Arg('input') input: CreateEarningRuleInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<EarningRule> {
    return this.rules.create(ctx, input);
  }

  @Authorized('admin')
  @Mutation(() => EarningRule, {
    description: 'Change a rule; every effective change bumps its version (audited). The kind cannot change.',
  })
  updateEarningRule(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateEarningRuleInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<EarningRule> {
    return this.rules.update(ctx, parseRuleId(id), input);
  }

  @Authorized('admin')
  @Mutation(() => EarningRule, { description: 'Stop a rule from applying (audited); idempotent' })
  deactivateEarningRule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<EarningRule> {
    return this.rules.deactivate(ctx, parseRuleId(id));
  }

  @Authorized('staff', 'admin')
  @Mutation(() => BehaviourAwardPayload, {
    description:
      'Reward a behaviour by the BEHAVIOUR rules; once per member, behaviour and reference (audited)',
  })
  async awardBehaviour(
    @Args(() => AwardBehaviourArgs) args: AwardBehaviourArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BehaviourAwardPayload> {
    const memberId = parseMemberId(args.memberId, 'memberId');
    const result = await this.db.transaction((manager) =>
      this.earning.awardBehaviour(ctx, manager, {
        memberId,
        behaviour: args.behaviour,
        reference: args.reference,
        channel: args.channel ?? null,
        storeId: args.storeId ?? null,
      }),
    );
    return {
      points: result.points,
      ledgerEntryId: result.entryId === null ? null : String(result.entryId),
      capped: result.capped,
      alreadyAwarded: result.alreadyAwarded ?? false,
    };
  }
}

/** Rule fields that are typed shapes over JSON columns. */
@Resolver(() => EarningRule)
export class EarningRuleFieldsResolver {
  @FieldResolver(() => EarningRuleTargeting)
  targeting(@Root() rule: EarningRule): EarningRuleTargeting {
    return rule.targeting;
  }

  @FieldResolver(() => EarningRuleParametersUnion, { description: "The kind's parameters" })
  parameters(@Root() rule: EarningRule): typeof EarningRuleParametersUnion {
    return parametersView(rule.kind, rule.parameters);
  }
}

function parseRuleId(raw: string): number {
  return parseId(raw, 'id', 'an earning rule id');
}
