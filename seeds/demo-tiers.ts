import type { EntityManager } from 'typeorm';
import { TierRequirement, Tier } from '../src/modules/tiers';
import { clock } from '../src/common/clock';

type TierSeed = Omit<Tier, 'id' | 'createdAt' | 'updatedAt' | 'thresholds' | 'benefits'>;

const none = { minSpendMinor: null, minOrders: null, minPoints: null };
const free = { paid: false, annualFeeMinor: null, annualFeeCurrency: null };

/** The demo ladder: four earned tiers (spend in minor units over 12 months) and a paid PLUS tier. */
export const DEMO_TIERS: TierSeed[] = [
  {
    code: 'REGULAR',
    name: 'Regular',
    rank: 0,
    description: 'Every member starts here',
    ...none,
    requirement: TierRequirement.ANY,
    earnMultiplierPermille: 1000,
    freeShipping: false,
    priorityService: false,
    exclusiveRewards: false,
    birthdayGift: 'Birthday greeting with 50 bonus points',
    ...free,
  },
  {
    code: 'SILVER',
    name: 'Silver',
    rank: 1,
    description: '500.00 spent or 5 orders in 12 months',
    minSpendMinor: 50_000,
    minOrders: 5,
    minPoints: null,
    requirement: TierRequirement.ANY,
    earnMultiplierPermille: 1250,
    freeShipping: false,
    priorityService: false,
    exclusiveRewards: false,
    birthdayGift: '200 bonus points in your birthday month',
    ...free,
  },
  {
    code: 'GOLD',
    name: 'Gold',
    rank: 2,
    description: '2,000.00 spent or 15 orders in 12 months',
    minSpendMinor: 200_000,
    minOrders: 15,
    minPoints: null,
    requirement: TierRequirement.ANY,
    earnMultiplierPermille: 1500,
    freeShipping: true,
    priorityService: false,
    exclusiveRewards: true,
    birthdayGift: 'Double points for your whole birthday month',
    ...free,
  },
  {
    code: 'DIAMOND',
    name: 'Diamond',
    rank: 3,
    description: '6,000.00 spent and 30 orders in 12 months',
    minSpendMinor: 600_000,
    minOrders: 30,
    minPoints: null,
    requirement: TierRequirement.ALL,
    earnMultiplierPermille: 2000,
    freeShipping: true,
    priorityService: true,
    exclusiveRewards: true,
    birthdayGift: 'Double points in your birthday month and a gift in store',
    ...free,
  },
  {
    code: 'PLUS',
    name: 'Plus',
    rank: 4,
    description: 'Paid membership: Diamond benefits and more for a yearly fee',
    ...none,
    requirement: TierRequirement.ANY,
    earnMultiplierPermille: 2000,
    freeShipping: true,
    priorityService: true,
    exclusiveRewards: true,
    birthdayGift: 'Double points in your birthday month and a gift in store',
    paid: true,
    annualFeeMinor: 9_900,
    annualFeeCurrency: 'EUR',
  },
];

/** Inserts the demo ladder; the caller runs it once (inside the demo seed's transaction). */
export async function seedTiers(manager: EntityManager): Promise<void> {
  const now = clock.now();
  await manager.insert(
    Tier,
    DEMO_TIERS.map((tier) => ({ ...tier, createdAt: now, updatedAt: now })),
  );
}
