import type { EntityManager } from 'typeorm';
import { Reward, DiscountKind, RewardType } from '../src/modules/rewards';
import { clock } from '../src/common/clock';

type RewardSeed = Partial<Reward> & Pick<Reward, 'code' | 'name' | 'type' | 'pointsPrice'>;

const DAY = 24 * 60 * 60 * 1000;

/** The demo points mall: every type, limited stock, a Gold-exclusive item, a birthday gift, a member-day coupon. */
export function demoRewards(now: Date): RewardSeed[] {
  return [
    {
      code: 'COFFEE-VOUCHER',
      name: 'Free coffee at Bean & Leaf',
      description: 'One hot drink of any size at any Bean & Leaf cafe',
      type: RewardType.PARTNER_VOUCHER,
      pointsPrice: 300,
      partnerName: 'Bean & Leaf',
      couponValidityDays: 30,
    },
    {
      code: 'FIVE-OFF',
      name: '5.00 off your next order',
      type: RewardType.COUPON,
      pointsPrice: 500,
      discountKind: DiscountKind.AMOUNT,
      discountValue: 500,
      discountCurrency: 'EUR',
      couponValidityDays: 60,
    },
    {
      code: 'TEN-PERCENT',
      name: '10% off one order',
      type: RewardType.DISCOUNT,
      pointsPrice: 800,
      discountKind: DiscountKind.PERCENT,
      discountValue: 10,
      couponValidityDays: 30,
      perMemberLimit: 2,
    },
    {
      code: 'TWENTY-OFF',
      name: '20.00 off orders over 100.00',
      type: RewardType.COUPON,
      pointsPrice: 1800,
      discountKind: DiscountKind.AMOUNT,
      discountValue: 2000,
      discountCurrency: 'EUR',
      couponValidityDays: 90,
    },
    {
      code: 'TOTE-BAG',
      name: 'Organic cotton tote bag',
      description: 'Shipped to your address',
      type: RewardType.GIFT,
      pointsPrice: 1200,
      stock: 150,
    },
    {
      code: 'WATER-BOTTLE',
      name: 'Insulated steel water bottle',
      type: RewardType.GIFT,
      pointsPrice: 2500,
      stock: 40,
      perMemberLimit: 1,
    },
    {
      code: 'HEADPHONES',
      name: 'Wireless headphones (limited edition)',
      type: RewardType.GIFT,
      pointsPrice: 15000,
      stock: 5,
      globalLimit: 5,
      perMemberLimit: 1,
    },
    {
      code: 'CINEMA-TICKET',
      name: 'Cinema ticket at StarScreen',
      type: RewardType.PARTNER_VOUCHER,
      pointsPrice: 1000,
      partnerName: 'StarScreen',
      couponValidityDays: 90,
      stock: 300,
    },
    {
      code: 'GOLD-LOUNGE-PASS',
      name: 'Airport lounge day pass (Gold and above)',
      type: RewardType.PARTNER_VOUCHER,
      pointsPrice: 4000,
      partnerName: 'SkyRest Lounges',
      couponValidityDays: 180,
      minimumTierCode: 'GOLD',
    },
    {
      code: 'GOLD-FIFTEEN-PERCENT',
      name: '15% off a whole basket (Gold and above)',
      type: RewardType.DISCOUNT,
      pointsPrice: 2000,
      discountKind: DiscountKind.PERCENT,
      discountValue: 15,
      couponValidityDays: 30,
      minimumTierCode: 'GOLD',
      perMemberLimit: 1,
    },
    {
      code: 'BIRTHDAY-TREAT',
      name: 'Birthday treat: 10.00 off',
      description: 'Issued free in your birthday week by the birthday job',
      type: RewardType.COUPON,
      pointsPrice: 1000,
      discountKind: DiscountKind.AMOUNT,
      discountValue: 1000,
      discountCurrency: 'EUR',
      couponValidityDays: 14,
      birthdayGift: true,
    },
    {
      code: 'MEMBER-DAY-DOUBLE',
      name: 'Member day: 8% off',
      description: 'Issued free on the member day of each month',
      type: RewardType.DISCOUNT,
      pointsPrice: 400,
      discountKind: DiscountKind.PERCENT,
      discountValue: 8,
      couponValidityDays: 3,
      memberDayBenefit: true,
    },
    {
      code: 'WINTER-SCARF',
      name: 'Winter scarf (seasonal)',
      type: RewardType.GIFT,
      pointsPrice: 2200,
      stock: 60,
      validFrom: new Date(now.getTime() - 30 * DAY),
      validUntil: new Date(now.getTime() + 60 * DAY),
    },
  ];
}

/** Loads the demo catalog; the caller runs it inside the demo seed's transaction (once per database). */
export async function seedRewards(manager: EntityManager): Promise<void> {
  const now = clock.now();
  for (const reward of demoRewards(now)) {
    await manager.insert(Reward, {
      description: null,
      stock: null,
      validFrom: null,
      validUntil: null,
      perMemberLimit: null,
      globalLimit: null,
      redeemedCount: 0,
      minimumTierCode: null,
      discountKind: null,
      discountValue: null,
      discountCurrency: null,
      couponValidityDays: null,
      partnerName: null,
      birthdayGift: false,
      memberDayBenefit: false,
      active: true,
      createdAt: now,
      updatedAt: now,
      ...reward,
    });
  }
}
