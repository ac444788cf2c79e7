import type { FieldProblem } from '../../common/errors';
import { Behaviour } from './behaviour';
import { isTimeZone } from './calendar';
import { EarningRuleKind } from './earning-rule.enums';
import {
  DEFAULT_TIME_ZONE,
  DEFAULT_UNIT_AMOUNT_MINOR,
  PARAMETERS_BY_KIND,
  type EarningRuleParameters,
  type ParameterName,
} from './earning-rule.parameters';

/** Limits shared by the GraphQL inputs (class-validator) and this module's own checks. */
export const LIMITS = {
  multiplierMax: 100,
  pointsPerUnitMax: 10_000,
  pointsMax: 1_000_000,
  unitAmountMinorMax: 1_000_000,
  moneyMax: 2_147_483_647,
  capMax: 1_000,
  listMax: 1_000,
  codeMax: 64,
  priorityMax: 1_000_000,
} as const;

type Check = (value: unknown) => string | null;

const positiveNumber =
  (max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max
      ? null
      : `must be greater than 0 and at most ${max}`;
const wholeNumber =
  (min: number, max: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max
      ? null
      : `must be a whole number from ${min} to ${max}`;
const codeList: Check = (v) =>
  Array.isArray(v) &&
  v.length >= 1 &&
  v.length <= LIMITS.listMax &&
  v.every((s) => typeof s === 'string' && s.trim().length > 0 && s.length <= LIMITS.codeMax)
    ? null
    : `must list 1 to ${LIMITS.listMax} non-blank codes of at most ${LIMITS.codeMax} characters`;
const dayList =
  (max: number): Check =>
  (v) =>
    Array.isArray(v) && v.length >= 1 && v.every((d) => Number.isInteger(d) && d >= 1 && d <= max)
      ? null
      : `must list days from 1 to ${max}`;

const CHECKS: Record<ParameterName, Check> = {
  pointsPerUnit: positiveNumber(LIMITS.pointsPerUnitMax),
  unitAmountMinor: wholeNumber(1, LIMITS.unitAmountMinorMax),
  multiplier: positiveNumber(LIMITS.multiplierMax),
  pointsPerItem: wholeNumber(1, LIMITS.pointsMax),
  points: wholeNumber(1, LIMITS.pointsMax),
  skus: codeList,
  categories: codeList,
  daysOfWeek: dayList(7),
  daysOfMonth: dayList(31),
  minimumOrderTotalMinor: wholeNumber(0, LIMITS.moneyMax),
  timeZone: (v) =>
    isTimeZone(v) ? null : 'must be an IANA time zone such as Europe/Berlin or Asia/Shanghai',
  behaviour: (v) =>
    Object.values(Behaviour).includes(v as Behaviour)
      ? null
      : `must be one of ${Object.values(Behaviour).join(', ')}`,
  capPerDay: wholeNumber(1, LIMITS.capMax),
  capPerWeek: wholeNumber(1, LIMITS.capMax),
  capPerMonth: wholeNumber(1, LIMITS.capMax),
};

/** Parameters as a caller sends them: any field may be absent or null. */
export type ParametersInput = { [K in ParameterName]?: EarningRuleParameters[K] | null };

/**
 * Checks a rule's parameters against its kind (required fields present, no field of another kind,
 * each value in range) and its window (end after start). Problems name the field as the GraphQL input
 * does (`parameters.multiplier`), so BAD_USER_INPUT points at what to fix.
 */
export function ruleDefinitionProblems(definition: {
  kind: EarningRuleKind;
  parameters: ParametersInput;
  startsAt?: Date | null;
  endsAt?: Date | null;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { required, optional } = PARAMETERS_BY_KIND[definition.kind];
  const allowed = new Set<ParameterName>([...required, ...optional]);
  for (const name of Object.keys(CHECKS) as ParameterName[]) {
    const value = definition.parameters[name];
    const field = `parameters.${name}`;
    const present = value !== undefined && value !== null;
    if (!present) {
      if (required.includes(name))
        problems.push({ field, messages: [`${name} is required for ${definition.kind} rules`] });
      continue;
    }
    if (!allowed.has(name)) {
      problems.push({ field, messages: [`${name} does not apply to ${definition.kind} rules`] });
      continue;
    }
    const message = CHECKS[name](value);
    if (message) problems.push({ field, messages: [`${name} ${message}`] });
  }
  if (
    definition.startsAt &&
    definition.endsAt &&
    definition.endsAt.getTime() <= definition.startsAt.getTime()
  ) {
    problems.push({ field: 'endsAt', messages: ['endsAt must be after startsAt'] });
  }
  return problems;
}

/**
 * The stored form of valid parameters: only the kind's fields, lists de-duplicated and sorted, and
 * defaults written out (unit 100 minor units, time zone UTC) so the rule reads the same everywhere.
 */
export function normalizeParameters(kind: EarningRuleKind, input: ParametersInput): EarningRuleParameters {
  const { required, optional } = PARAMETERS_BY_KIND[kind];
  const result: Record<string, unknown> = {};
  for (const name of [...required, ...optional]) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    result[name] = Array.isArray(value) ? uniqueSorted(value as (string | number)[]) : value;
  }
  if (kind === EarningRuleKind.BASE_RATE && result.unitAmountMinor === undefined) {
    result.unitAmountMinor = DEFAULT_UNIT_AMOUNT_MINOR;
  }
  if ((kind === EarningRuleKind.ORDER_MULTIPLIER || kind === EarningRuleKind.BEHAVIOUR) && !result.timeZone) {
    result.timeZone = DEFAULT_TIME_ZONE;
  }
  return result as EarningRuleParameters;
}

function uniqueSorted<T extends string | number>(values: T[]): T[] {
  const unique = [...new Set(values.map((v) => (typeof v === 'string' ? (v.trim() as T) : v)))];
  return unique.sort((a, b) =>
    typeof a === 'number' ? (a as number) - (b as number) : String(a).localeCompare(String(b)),
  );
}
