import type { EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { AuditService } from '../audit';
import { TierRequirement } from './tier.enums';
import type { Tier } from './tier.entity';
import type { CreateTierInput, UpdateTierInput, UpdateTierSettingsInput } from './tier.inputs';
import { ladderProblems, toPermille } from './tier-ladder.rules';
import type { TierSettings } from './tier-settings.entity';
import { tierSnapshot } from './tier-snapshot';
import type { TiersRepository } from './tiers.repository';
import { clock } from '../../common/clock';

/** Input fields that map to a non-nullable column: null is refused rather than guessed. */
const REQUIRED_ON_UPDATE = [
  'name',
  'rank',
  'requirement',
  'earnMultiplier',
  'freeShipping',
  'priorityService',
  'exclusiveRewards',
  'paid',
] as const;

/** Admin changes to the ladder and the programme settings; each is validated and audited. */
export class TierLadderService {
  constructor(
    private readonly db: Database,
    private readonly repository: TiersRepository,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, input: CreateTierInput): Promise<Tier> {
    const values = {
      code: input.code,
      name: input.name.trim(),
      rank: input.rank,
      ...columnsOf(input),
    };
    const draft = {
      requirement: TierRequirement.ANY,
      earnMultiplierPermille: 1000,
      freeShipping: false,
      priorityService: false,
      exclusiveRewards: false,
      paid: false,
      description: null,
      birthdayGift: null,
      minSpendMinor: null,
      minOrders: null,
      minPoints: null,
      annualFeeMinor: null,
      annualFeeCurrency: null,
      ...values,
    };
    assertCoherent(draft);
    return this.write(async (manager) => {
      await this.assertFree(manager, { code: draft.code, rank: draft.rank }, null);
      const tier = await this.repository.insertTier(manager, draft);
      await this.audit.record(ctx, manager, {
        action: 'tier.create',
        targetType: 'tier',
        targetId: tier.code,
        after: tierSnapshot(tier),
      });
      return tier;
    });
  }

  async update(ctx: RequestContext, code: string, input: UpdateTierInput): Promise<Tier> {
    for (const field of REQUIRED_ON_UPDATE) {
      if ((input as Record<string, unknown>)[field] === null)
        throw BadUserInputError.field(field, `${field} cannot be null`);
    }
    const changes: Partial<Tier> = { ...columnsOf(input) };
    if (input.name !== undefined) changes.name = input.name.trim();
    if (input.rank !== undefined) changes.rank = input.rank;
    return this.write(async (manager) => {
      const tier = await this.repository.findTierByCode(manager, code);
      if (!tier) throw new NotFoundError('Tier', code);
      if (tier.rank === 0 && changes.rank !== undefined && changes.rank !== 0) {
        throw BadUserInputError.field(
          'rank',
          'The entry tier keeps rank 0: every member without a tier is on it',
        );
      }
      assertCoherent({ ...tier, ...changes });
      if (changes.rank !== undefined && changes.rank !== tier.rank) {
        await this.assertFree(manager, { rank: changes.rank }, tier.id);
      }
      const after = await this.repository.updateTier(manager, tier.id, changes);
      await this.audit.record(ctx, manager, {
        action: 'tier.update',
        targetType: 'tier',
        targetId: tier.code,
        before: tierSnapshot(tier),
        after: tierSnapshot(after),
      });
      return after;
    });
  }

  async updateSettings(ctx: RequestContext, input: UpdateTierSettingsInput): Promise<TierSettings> {
    for (const field of ['windowMonths', 'reviewCadenceMonths', 'graceDays'] as const) {
      if ((input as Record<string, unknown>)[field] === null)
        throw BadUserInputError.field(field, `${field} cannot be null`);
    }
    return this.db.transaction(async (manager) => {
      const before = await this.repository.settings(manager);
      const after = await this.repository.saveSettings(manager, {
        windowMonths: input.windowMonths ?? before.windowMonths,
        reviewCadenceMonths: input.reviewCadenceMonths ?? before.reviewCadenceMonths,
        graceDays: input.graceDays ?? before.graceDays,
        updatedAt: clock.now(),
      });
      const view = (s: TierSettings) => ({
        windowMonths: s.windowMonths,
        reviewCadenceMonths: s.reviewCadenceMonths,
        graceDays: s.graceDays,
      });
      await this.audit.record(ctx, manager, {
        action: 'tier.settings',
        targetType: 'tier_settings',
        targetId: after.id,
        before: view(before),
        after: view(after),
      });
      return after;
    });
  }

  /** A taken code or rank is a CONFLICT naming the field, checked first for a clear message. */
  private async assertFree(
    manager: EntityManager,
    keys: { code?: string; rank?: number },
    ownId: number | null,
  ): Promise<void> {
    if (keys.code !== undefined) {
      const holder = await this.repository.findTierByCode(manager, keys.code);
      if (holder && holder.id !== ownId) {
        throw new ConflictError(`A tier with code ${keys.code} already exists`, { field: 'code' });
      }
    }
    if (keys.rank !== undefined) {
      const holder = await this.repository.findTierByRank(manager, keys.rank);
      if (holder && holder.id !== ownId) {
        throw new ConflictError(`Tier ${holder.code} already has rank ${keys.rank}`, { field: 'rank' });
      }
    }
  }

  /** A unique-key race (two admins creating the same code at once) is a CONFLICT, not a 500. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('Another tier already has this code or rank');
      throw error;
    }
  }
}

/** Input fields (other than code, name and rank) as columns; absent fields stay absent. */
function columnsOf(input: Omit<UpdateTierInput, 'name' | 'rank'>): Partial<Tier> {
  const columns: Partial<Tier> = {};
  const set = <K extends keyof Tier>(key: K, value: Tier[K] | undefined) => {
    if (value !== undefined) columns[key] = value;
  };
  set('description', input.description === undefined ? undefined : input.description?.trim() || null);
  set('minSpendMinor', input.minimumSpendMinor);
  set('minOrders', input.minimumOrders);
  set('minPoints', input.minimumPoints);
  set('requirement', input.requirement);
  set(
    'earnMultiplierPermille',
    input.earnMultiplier === undefined ? undefined : toPermille(input.earnMultiplier),
  );
  set('freeShipping', input.freeShipping);
  set('priorityService', input.priorityService);
  set('exclusiveRewards', input.exclusiveRewards);
  set('birthdayGift', input.birthdayGift === undefined ? undefined : input.birthdayGift?.trim() || null);
  set('paid', input.paid);
  set('annualFeeMinor', input.annualFeeMinor);
  set('annualFeeCurrency', input.annualFeeCurrency);
  return columns;
}

function assertCoherent(draft: Parameters<typeof ladderProblems>[0]): void {
  const problems = ladderProblems(draft);
  if (problems.length > 0) throw new BadUserInputError(problems[0].messages[0], problems);
}
