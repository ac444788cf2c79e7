import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { parseId } from '../../common/ids';
import {
  ConnectionArgs,
  ConnectionType,
  connectionComplexity,
  decodeCursor,
  toConnection,
} from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { Member, createMemberLoaders } from '../members';
import { DetractorAlert } from './detractor-alert.entity';
import { DetractorAlertNote } from './detractor-alert-note.entity';
import type { AlertCriteria } from './detractor-alerts.repository';
import { createDetractorAlertLoaders } from './detractor-alerts.loaders';
import type { DetractorAlertsService } from './detractor-alerts.service';
import {
  AddDetractorAlertNoteInput,
  DetractorAlertFilter,
  ResolveDetractorAlertInput,
} from './detractor-alerts.inputs';
import { FeedbackResponse } from './feedback-response.entity';

@ObjectType()
export class DetractorAlertConnection extends ConnectionType('DetractorAlert', DetractorAlert) {
  /** Counting is a separate statement, run only when a client asks for it. */
  countAlerts: () => Promise<number>;

  @Field(() => Int, {
    description: 'All alerts matching the filter (a separate count: ask only when needed)',
  })
  totalCount(): Promise<number> {
    return this.countAlerts();
  }
}

const ALERT_CURSOR = 'detractor-alert';

/** Thin: roles and ids; the queue's rules live in DetractorAlertsService. */
@Resolver(() => DetractorAlert)
export class DetractorAlertsResolver {
  constructor(private readonly alerts: DetractorAlertsService) {}

  @Authorized('staff', 'admin')
  @Query(() => DetractorAlertConnection, {
    complexity: connectionComplexity,
    description: 'The detractor queue, oldest first (the order detractors answered in)',
  })
  async detractorAlerts(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => DetractorAlertFilter, { nullable: true }) filter: DetractorAlertFilter | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    const criteria: AlertCriteria = {
      statuses: filter?.statuses ?? null,
      memberId: filter?.memberId ? parseId(filter.memberId, 'filter.memberId', 'a member id') : null,
      claimedBy: filter?.mine ? (ctx.principal?.subject ?? null) : null,
    };
    const rows = await this.alerts.page(criteria, decodeCursor(ALERT_CURSOR, after), first + 1);
    return Object.assign(new DetractorAlertConnection(), toConnection(ALERT_CURSOR, rows, first), {
      countAlerts: () => this.alerts.count(criteria),
    });
  }

  @Authorized('staff', 'admin')
  @Query(() => DetractorAlert)
  detractorAlert(@Arg('id', () => ID) id: string) {
    return this.alerts.find(parseId(id, 'id', 'a detractor alert id'));
  }

  @Authorized('staff', 'admin')
  @Mutation(() => DetractorAlert, {
    description:
      'Take an OPEN alert: CONFLICT (with claimedBy) when another agent has it; a retry by the holder answers it again',
  })
  claimDetractorAlert(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return this.alerts.claim(ctx, parseId(id, 'id', 'a detractor alert id'));
  }

  @Authorized('staff', 'admin')
  @Mutation(() => DetractorAlert, {
    description: 'Hand a claimed alert back to the queue (the holder; an admin may release anyone’s claim)',
  })
  releaseDetractorAlert(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return this.alerts.release(ctx, parseId(id, 'id', 'a detractor alert id'));
  }

  @Authorized('staff', 'admin')
  @Mutation(() => DetractorAlert, { description: 'Note what was done; only the agent holding the claim' })
  addDetractorAlertNote(@Arg('input') input: AddDetractorAlertNoteInput, @Ctx() ctx: GraphQLContext) {
    return this.alerts.addNote(ctx, {
      id: parseId(input.alertId, 'alertId', 'a detractor alert id'),
      body: input.note,
      idempotencyKey: input.idempotencyKey,
    });
  }

  @Authorized('staff', 'admin')
  @Mutation(() => DetractorAlert, { description: 'Close the loop with how it was closed; only the holder' })
  resolveDetractorAlert(@Arg('input') input: ResolveDetractorAlertInput, @Ctx() ctx: GraphQLContext) {
    return this.alerts.resolve(ctx, {
      id: parseId(input.alertId, 'alertId', 'a detractor alert id'),
      resolution: input.resolution,
    });
  }

  @FieldResolver(() => Member)
  async member(@Root() alert: DetractorAlert, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return (await ctx.loaders.get(createMemberLoaders).memberById.load(alert.memberId))!;
  }

  @FieldResolver(() => FeedbackResponse, { description: 'The answer that raised it' })
  async response(@Root() alert: DetractorAlert, @Ctx() ctx: GraphQLContext): Promise<FeedbackResponse> {
    return (await ctx.loaders.get(createDetractorAlertLoaders).responseById.load(alert.responseId))!;
  }

  @FieldResolver(() => [DetractorAlertNote], { description: 'Oldest first' })
  notes(@Root() alert: DetractorAlert, @Ctx() ctx: GraphQLContext): Promise<DetractorAlertNote[]> {
    return ctx.loaders.get(createDetractorAlertLoaders).notesByAlert.load(alert.id);
  }
}
