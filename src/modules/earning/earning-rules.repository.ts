import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { EarningRule } from './earning-rule.entity';
import type { EarningRuleFilter } from './earning-rule.inputs';
import { clock } from '../../common/clock';

/** Every query on `earning_rule`. Methods take the manager so they work inside a transaction too. */
export class EarningRulesRepository {
  findById(manager: EntityManager, id: number): Promise<EarningRule | null> {
    return manager.findOne(EarningRule, { where: { id } });
  }

  findActive(manager: EntityManager): Promise<EarningRule[]> {
    return manager.find(EarningRule, { where: { active: true }, order: { id: 'ASC' } });
  }

  async insert(
    manager: EntityManager,
    values: Omit<EarningRule, 'id' | 'targeting' | 'parameters'>,
  ): Promise<number> {
    const result = await manager.insert(EarningRule, values);
    return Number(result.identifiers[0].id);
  }

  /**
   * Writes a change only if nobody else changed the rule since it was read (its version is still
   * `version`), bumping the version: two admins editing at once cannot silently overwrite each other.
   */
  async updateIfVersion(
    manager: EntityManager,
    id: number,
    version: number,
    values: Partial<EarningRule>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(EarningRule)
      .set({ ...values, version: version + 1, updatedAt: clock.now() })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  /** One page ordered by id; fetches `limit` rows (callers pass first + 1). */
  search(manager: EntityManager, filter: EarningRuleFilter, afterId: number | null, limit: number) {
    const query = this.filtered(manager, filter).orderBy('rule.id', 'ASC').limit(limit);
    if (afterId !== null) query.andWhere('rule.id > :afterId', { afterId });
    return query.getMany();
  }

  count(manager: EntityManager, filter: EarningRuleFilter): Promise<number> {
    return this.filtered(manager, filter).getCount();
  }

  private filtered(manager: EntityManager, filter: EarningRuleFilter): SelectQueryBuilder<EarningRule> {
    const query = manager.createQueryBuilder(EarningRule, 'rule');
    if (filter.kind) query.andWhere('rule.kind = :kind', { kind: filter.kind });
    if (filter.active !== undefined && filter.active !== null) {
      query.andWhere('rule.active = :active', { active: filter.active });
    }
    if (filter.behaviour) query.andWhere('rule.behaviour = :behaviour', { behaviour: filter.behaviour });
    return query;
  }
}
