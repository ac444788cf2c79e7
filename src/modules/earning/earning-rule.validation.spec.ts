import { Behaviour } from './behaviour';
import { EarningRuleKind } from './earning-rule.enums';
import { normalizeParameters, ruleDefinitionProblems } from './earning-rule.validation';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('earning rule validation', () => {
  it('accepts parameters that fit the kind', () => {
    expect(
      ruleDefinitionProblems({ kind: EarningRuleKind.BASE_RATE, parameters: { pointsPerUnit: 1 } }),
    ).toEqual([]);
    expect(
      ruleDefinitionProblems({
        kind: EarningRuleKind.BEHAVIOUR,
        parameters: {
          behaviour: Behaviour.SURVEY_COMPLETED,
          points: 50,
          capPerDay: 1,
          timeZone: 'Europe/Berlin',
        },
      }),
    ).toEqual([]);
  });

  it('names a missing required parameter', () => {
    const problems = ruleDefinitionProblems({
      kind: EarningRuleKind.SKU_MULTIPLIER,
      parameters: { multiplier: 2 },
    });
    expect(problems).toEqual([
      { field: 'parameters.skus', messages: ['skus is required for SKU_MULTIPLIER rules'] },
    ]);
  });

  it('refuses a parameter of another kind', () => {
    const problems = ruleDefinitionProblems({
      kind: EarningRuleKind.ORDER_FIXED,
      parameters: { points: 10, multiplier: 2, capPerDay: 1 },
    });
    expect(fields(problems)).toEqual(['parameters.multiplier', 'parameters.capPerDay']);
  });

  it('refuses out-of-range values', () => {
    expect(
      fields(
        ruleDefinitionProblems({ kind: EarningRuleKind.ORDER_MULTIPLIER, parameters: { multiplier: 0 } }),
      ),
    ).toEqual(['parameters.multiplier']);
    expect(
      fields(ruleDefinitionProblems({ kind: EarningRuleKind.BASE_RATE, parameters: { pointsPerUnit: -1 } })),
    ).toEqual(['parameters.pointsPerUnit']);
    expect(
      fields(
        ruleDefinitionProblems({
          kind: EarningRuleKind.BEHAVIOUR,
          parameters: { behaviour: Behaviour.REVIEW_WRITTEN, points: 1.5, capPerWeek: 0 },
        }),
      ),
    ).toEqual(['parameters.points', 'parameters.capPerWeek']);
    expect(
      fields(
        ruleDefinitionProblems({
          kind: EarningRuleKind.ORDER_MULTIPLIER,
          parameters: { multiplier: 2, daysOfWeek: [0], timeZone: 'Nowhere/Land' },
        }),
      ),
    ).toEqual(['parameters.daysOfWeek', 'parameters.timeZone']);
  });

  it('requires the end of a window to be after its start', () => {
    const at = new Date('2026-03-01T00:00:00Z');
    expect(
      fields(
        ruleDefinitionProblems({
          kind: EarningRuleKind.ORDER_FIXED,
          parameters: { points: 1 },
          startsAt: at,
          endsAt: at,
        }),
      ),
    ).toEqual(['endsAt']);
  });

  it('stores only the kind’s parameters, de-duplicated, with defaults written out', () => {
    expect(normalizeParameters(EarningRuleKind.BASE_RATE, { pointsPerUnit: 1, multiplier: null })).toEqual({
      pointsPerUnit: 1,
      unitAmountMinor: 100,
    });
    expect(
      normalizeParameters(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 2, daysOfMonth: [8, 1, 8] }),
    ).toEqual({ multiplier: 2, daysOfMonth: [1, 8], timeZone: 'UTC' });
  });
});
