import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { PointsLedger } from '../points';
import type { MemberDataRegistry } from '../privacy';
import { ActiveRulesCache } from './active-rules.cache';
import { BehaviourAwardRecord } from './behaviour-award.entity';
import { BehaviourAwardsMemberDataParticipant } from './behaviour-awards.member-data.participant';
import { BehaviourAwardsRepository } from './behaviour-awards.repository';
import { EarningRule, toDefinition } from './earning-rule.entity';
import { EarningRuleFieldsResolver, EarningRulesResolver } from './earning-rules.resolver';
import { EarningRulesRepository } from './earning-rules.repository';
import { EarningRulesService } from './earning-rules.service';
import { EarningService, type MemberTierSource } from './earning.service';
import type { Port } from '../../common/port';

export { EarningService, EarningRulesService, EarningRule };
export { Behaviour } from './behaviour';
export { EarningRuleKind, EarningRuleStacking } from './earning-rule.enums';
export { evaluateBasket } from './earning.engine';
export type {
  EarningBasket,
  EarningLine,
  EarningResult,
  BehaviourAward,
  BehaviourAwardResult,
} from './earning.service';
export type { MemberTierSource } from './earning.service';
export const earningEntities = [EarningRule, BehaviourAwardRecord];

/** Wires the earning context: rules administration, the engine behind orders, and behaviour awards. */
export function createEarningModule(deps: {
  db: Database;
  audit: AuditService;
  activity: ActivityService;
  memberData: MemberDataRegistry;
  points: PointsLedger;
  /** The member's tier for targeted behaviour awards (the tiers context, bound by core.ts). */
  tiers: Port<MemberTierSource>;
}) {
  const rulesRepository = new EarningRulesRepository();
  const awardsRepository = new BehaviourAwardsRepository(deps.db);
  const cache = new ActiveRulesCache(async (manager) =>
    (await rulesRepository.findActive(manager)).map(toDefinition),
  );
  const rules = new EarningRulesService(deps.db, rulesRepository, deps.audit, cache);
  const service = new EarningService(
    cache,
    awardsRepository,
    deps.points,
    deps.audit,
    deps.activity,
    deps.tiers,
  );
  deps.memberData.register(new BehaviourAwardsMemberDataParticipant(awardsRepository));
  return {
    service,
    rules,
    resolvers: [
      new EarningRulesResolver(rules, service, deps.db),
      new EarningRuleFieldsResolver(),
    ] as object[],
  };
}

// Used by other contexts.
export type { EarningRuleParameters, EarningRuleTargeting } from './earning-rule.parameters';
export { normalizeParameters, ruleDefinitionProblems } from './earning-rule.validation';
