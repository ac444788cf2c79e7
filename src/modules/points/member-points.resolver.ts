import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { selectsField } from '../../graphql/selection';
import { Member } from '../members';
import type { PointsExplanation } from './explanation';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerEntryType, LotStatus } from './points.enums';
import { createPointsLoaders } from './points.loaders';
import type { PointsService } from './points.service';
import {
  LedgerEntryConnection,
  PointsBalance,
  PointsExplanationView,
  explanationView,
  PointsLotConnection,
  PointsSourceView,
} from './points.types';

/** Points fields on Member (reached only through queries that already checked access to the member). */
@Resolver(() => Member)
export class MemberPointsResolver {
  constructor(private readonly pointsService: PointsService) {}

  @FieldResolver(() => PointsBalance, {
    description: 'Available, pending and held points, and the next expiry',
  })
  points(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<PointsBalance> {
    return ctx.loaders.get(createPointsLoaders).balanceByMemberId.load(member.id);
  }

  @FieldResolver(() => LedgerEntryConnection, {
    complexity: connectionComplexity,
    description: 'Newest first, with explanations',
  })
  async pointsLedger(
    @Root() member: Member,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('types', () => [LedgerEntryType], { nullable: true }) types: LedgerEntryType[] | null,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const beforeId = decodeCursor('ledger', after);
    const loaders = ctx.loaders.get(createPointsLoaders);
    const firstPage = selectsField(info, 'explanation')
      ? loaders.newestEntriesByMemberId
      : loaders.newestEntriesWithoutExplanation;
    const rows =
      beforeId === null && !types?.length
        ? await firstPage(first + 1).load(member.id)
        : await this.pointsService.ledgerPage(member.id, { types }, beforeId, first + 1);
    return toConnection('ledger', rows, first);
  }

  @FieldResolver(() => PointsLotConnection, {
    complexity: connectionComplexity,
    description: 'Lots in earning order, with expiry',
  })
  async pointsLots(
    @Root() member: Member,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('statuses', () => [LotStatus], { nullable: true }) statuses: LotStatus[] | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    const afterId = decodeCursor('lot', after);
    const rows =
      afterId === null && !statuses?.length
        ? await ctx.loaders
            .get(createPointsLoaders)
            .firstLotsByMemberId(first + 1)
            .load(member.id)
        : await this.pointsService.lotsPage(member.id, statuses, afterId, first + 1);
    return toConnection('lot', rows, first);
  }
}

@Resolver(() => LedgerEntry)
export class LedgerEntryFieldsResolver {
  @FieldResolver(() => PointsSourceView)
  source(@Root() entry: LedgerEntry): PointsSourceView {
    return {
      kind: entry.sourceKind,
      channel: entry.sourceChannel,
      plugin: entry.sourcePlugin,
      staffUserId: entry.sourceStaffUserId,
      reference: entry.sourceReference,
      storeId: entry.storeId,
    };
  }

  @FieldResolver(() => PointsExplanationView, {
    description: 'Which rules fired, with versions, inputs and arithmetic',
  })
  explanation(@Root() entry: LedgerEntry): PointsExplanationView {
    return explanationView(JSON.parse(entry.explanationJson) as PointsExplanation);
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: 'The order these points were earned or reversed on',
  })
  orderId(@Root() entry: LedgerEntry): string | null {
    return entry.orderId === null ? null : String(entry.orderId);
  }

  @FieldResolver(() => ID, { nullable: true })
  holdId(@Root() entry: LedgerEntry): string | null {
    return entry.holdId === null ? null : String(entry.holdId);
  }
}
