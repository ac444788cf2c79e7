import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Behaviour } from './behaviour';
import { EarningRuleKind, EarningRuleStacking } from './earning-rule.enums';
import type {
  EarningRuleDefinition,
  EarningRuleParameters,
  EarningRuleTargeting,
} from './earning-rule.parameters';

/**
 * An earning rule: data an administrator edits, never code. The row is the GraphQL type; `targeting`
 * and `parameters` are typed GraphQL fields resolved from their JSON columns (earning-rule-fields.resolver.ts).
 * `version` starts at 1 and grows with every change, and explanations cite it; the audit log keeps each
 * version's before/after.
 */
@Entity('earning_rule')
@Index('IDX_earning_rule_active_kind', ['active', 'kind'])
@ObjectType({ description: 'A rule that decides how many points an order or a behaviour earns' })
export class EarningRule {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'varchar', length: 100 })
  @Field()
  name: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 32 })
  @Field(() => EarningRuleKind)
  kind: EarningRuleKind;

  /** Copied from the parameters of BEHAVIOUR rules so awards and filters find them with an index. */
  @Index('IDX_earning_rule_behaviour')
  @Column({ type: 'varchar', length: 32, nullable: true })
  @Field(() => Behaviour, { nullable: true, description: 'The behaviour a BEHAVIOUR rule rewards' })
  behaviour: Behaviour | null;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Higher applies first; equal priorities apply in id order' })
  priority: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => EarningRuleStacking)
  stacking: EarningRuleStacking;

  @Column({ type: 'boolean', default: true })
  @Field()
  active: boolean;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'Campaign start, inclusive; null = always started' })
  startsAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'Campaign end, exclusive; null = never ends' })
  endsAt: Date | null;

  @Column({ type: 'text' })
  targetingJson: string;

  @Column({ type: 'text' })
  parametersJson: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Starts at 1 and grows with every change; explanations cite it' })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;

  get targeting(): EarningRuleTargeting {
    return JSON.parse(this.targetingJson) as EarningRuleTargeting;
  }

  get parameters(): EarningRuleParameters {
    return JSON.parse(this.parametersJson) as EarningRuleParameters;
  }
}

/** The plain form the engines work on. Booleans are normalised: raw MySQL rows may say 0/1. */
export function toDefinition(rule: EarningRule): EarningRuleDefinition {
  return {
    id: Number(rule.id),
    name: rule.name,
    version: Number(rule.version),
    kind: rule.kind,
    priority: Number(rule.priority),
    stacking: rule.stacking,
    active: Boolean(rule.active),
    startsAt: rule.startsAt,
    endsAt: rule.endsAt,
    targeting: rule.targeting,
    parameters: rule.parameters,
  };
}
