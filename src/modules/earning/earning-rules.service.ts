import type { EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { AuditService } from '../audit';
import type { ActiveRulesCache } from './active-rules.cache';
import type { EarningRule } from './earning-rule.entity';
import { EarningRuleKind } from './earning-rule.enums';
import type {
  CreateEarningRuleInput,
  EarningRuleFilter,
  EarningRuleTargetingInput,
  UpdateEarningRuleInput,
} from './earning-rule.inputs';
import type { EarningRuleTargeting } from './earning-rule.parameters';
import { earningRuleSnapshot } from './earning-rule.snapshot';
import { normalizeParameters, ruleDefinitionProblems, type ParametersInput } from './earning-rule.validation';
import type { EarningRulesRepository } from './earning-rules.repository';
import { clock } from '../../common/clock';

/** Administration of earning rules: every change is validated, versioned and audited. */
export class EarningRulesService {
  constructor(
    private readonly db: Database,
    private readonly repository: EarningRulesRepository,
    private readonly audit: AuditService,
    private readonly cache: ActiveRulesCache,
  ) {}

  async getById(id: number): Promise<EarningRule> {
    const rule = await this.repository.findById(this.db.manager, id);
    if (!rule) throw new NotFoundError('Earning rule', id);
    return rule;
  }

  async search(filter: EarningRuleFilter, afterId: number | null, limit: number) {
    const rows = await this.repository.search(this.db.manager, filter, afterId, limit);
    return { rows, count: () => this.repository.count(this.db.manager, filter) };
  }

  async create(ctx: RequestContext, input: CreateEarningRuleInput): Promise<EarningRule> {
    const parameters = input.parameters as ParametersInput;
    assertValid(ruleDefinitionProblems({ ...input, parameters }));
    const stored = normalizeParameters(input.kind, parameters);
    const now = clock.now();
    return this.change(async (manager) => {
      const id = await this.repository.insert(manager, {
        name: input.name.trim(),
        description: input.description ?? null,
        kind: input.kind,
        behaviour: input.kind === EarningRuleKind.BEHAVIOUR ? (stored.behaviour ?? null) : null,
        priority: input.priority,
        stacking: input.stacking,
        active: input.active,
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt ?? null,
        targetingJson: JSON.stringify(normalizeTargeting(input.targeting)),
        parametersJson: JSON.stringify(stored),
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      const rule = (await this.repository.findById(manager, id))!;
      await this.audit.record(ctx, manager, {
        action: 'earning-rule.create',
        targetType: 'earning-rule',
        targetId: id,
        after: earningRuleSnapshot(rule),
      });
      return rule;
    });
  }

  /**
   * Applies the given fields (absent = kept; null clears description, startsAt, endsAt and targeting),
   * validates the result as a whole and bumps the version. A change that changes nothing is not a new
   * version. `expectedVersion` lets an editor refuse to overwrite a version it has not seen.
   */
  async update(ctx: RequestContext, id: number, input: UpdateEarningRuleInput): Promise<EarningRule> {
    return this.change(async (manager) => {
      const rule = await this.repository.findById(manager, id);
      if (!rule) throw new NotFoundError('Earning rule', id);
      assertVersion(rule, input.expectedVersion);
      const startsAt = input.startsAt !== undefined ? input.startsAt : rule.startsAt;
      const endsAt = input.endsAt !== undefined ? input.endsAt : rule.endsAt;
      let parametersJson = rule.parametersJson;
      if (input.parameters) {
        const parameters = input.parameters as ParametersInput;
        assertValid(ruleDefinitionProblems({ kind: rule.kind, parameters, startsAt, endsAt }));
        parametersJson = JSON.stringify(normalizeParameters(rule.kind, parameters));
      } else if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) {
        throw BadUserInputError.field('endsAt', 'endsAt must be after startsAt');
      }
      const proposed: Partial<EarningRule> = {
        name: input.name?.trim() ?? rule.name,
        description: input.description !== undefined ? input.description : rule.description,
        priority: input.priority ?? rule.priority,
        stacking: input.stacking ?? rule.stacking,
        active: input.active ?? Boolean(rule.active),
        startsAt,
        endsAt,
        targetingJson:
          input.targeting !== undefined
            ? JSON.stringify(normalizeTargeting(input.targeting))
            : rule.targetingJson,
        parametersJson,
      };
      proposed.behaviour =
        rule.kind === EarningRuleKind.BEHAVIOUR ? (JSON.parse(parametersJson).behaviour ?? null) : null;
      const changes = changedFields(rule, proposed);
      if (Object.keys(changes).length === 0) return rule;
      return this.applyChange(ctx, manager, rule, changes, 'earning-rule.update');
    });
  }

  /** Idempotent: deactivating an inactive rule returns it unchanged (same version). */
  async deactivate(ctx: RequestContext, id: number): Promise<EarningRule> {
    return this.change(async (manager) => {
      const rule = await this.repository.findById(manager, id);
      if (!rule) throw new NotFoundError('Earning rule', id);
      if (!rule.active) return rule;
      return this.applyChange(ctx, manager, rule, { active: false }, 'earning-rule.deactivate');
    });
  }

  private async applyChange(
    ctx: RequestContext,
    manager: EntityManager,
    rule: EarningRule,
    changes: Partial<EarningRule>,
    action: string,
  ): Promise<EarningRule> {
    if (!(await this.repository.updateIfVersion(manager, rule.id, rule.version, changes))) {
      throw new ConflictError(`Earning rule ${rule.id} was changed meanwhile: read it again and retry`, {
        field: 'expectedVersion',
      });
    }
    const updated = (await this.repository.findById(manager, rule.id))!;
    await this.audit.record(ctx, manager, {
      action,
      targetType: 'earning-rule',
      targetId: rule.id,
      before: earningRuleSnapshot(rule),
      after: earningRuleSnapshot(updated),
    });
    return updated;
  }

  /** Runs a change in a transaction and drops the cached rules once it has committed (or failed). */
  private async change<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } finally {
      this.cache.invalidate();
    }
  }
}

function assertValid(problems: ReturnType<typeof ruleDefinitionProblems>): void {
  if (problems.length > 0) {
    throw new BadUserInputError('The earning rule is not valid: see extensions.fields', problems);
  }
}

function assertVersion(rule: EarningRule, expected: number | null | undefined): void {
  if (expected !== undefined && expected !== null && expected !== rule.version) {
    throw new ConflictError(
      `Earning rule ${rule.id} is at version ${rule.version}, not ${expected}: read it again and retry`,
      { field: 'expectedVersion', currentVersion: rule.version },
    );
  }
}

function normalizeTargeting(input: EarningRuleTargetingInput | null | undefined): EarningRuleTargeting {
  const clean = (list: string[] | null | undefined) => [...new Set((list ?? []).map((s) => s.trim()))].sort();
  return {
    tierCodes: clean(input?.tierCodes),
    channels: clean(input?.channels),
    storeIds: clean(input?.storeIds),
  };
}

function changedFields(rule: EarningRule, proposed: Partial<EarningRule>): Partial<EarningRule> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(proposed)) {
    const current = (rule as unknown as Record<string, unknown>)[key];
    const same =
      value instanceof Date || current instanceof Date
        ? (value as Date | null)?.getTime() === (current as Date | null)?.getTime()
        : key === 'active'
          ? Boolean(value) === Boolean(current)
          : value === current;
    if (!same) changes[key] = value;
  }
  return changes as Partial<EarningRule>;
}
