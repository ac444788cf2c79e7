import { AppError, ErrorCode } from '../../common/errors';

/** The reward's stock is exhausted. */
export class OutOfStockError extends AppError {
  constructor(rewardId: number) {
    super(ErrorCode.OUT_OF_STOCK, `Reward ${rewardId} is out of stock`, { rewardId: String(rewardId) });
  }
}

export class RedemptionLimitError extends AppError {
  constructor(rewardId: number, limit: 'PER_MEMBER' | 'GLOBAL', value: number) {
    const what = limit === 'PER_MEMBER' ? `${value} per member` : `${value} in total`;
    super(ErrorCode.LIMIT_REACHED, `Reward ${rewardId} can be redeemed ${what}, and that is reached`, {
      rewardId: String(rewardId),
      limit,
      value,
    });
  }
}

export class TierRequiredError extends AppError {
  constructor(rewardId: number, requiredTier: string) {
    super(ErrorCode.TIER_REQUIRED, `Reward ${rewardId} is for members from the ${requiredTier} tier up`, {
      rewardId: String(rewardId),
      requiredTier,
    });
  }
}
