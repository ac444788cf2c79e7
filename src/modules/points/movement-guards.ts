import { AppError, BadUserInputError, ConflictError } from '../../common/errors';
import { HoldStatus } from './points.enums';

/** One movement's ceiling: far above any real basket, and below the 32-bit columns and GraphQL Int. */
export const MAX_POINTS_PER_MOVEMENT = 1_000_000_000;

export function assertPoints(points: number): void {
  if (!Number.isSafeInteger(points) || points <= 0) {
    throw BadUserInputError.field('points', 'points must be a positive whole number');
  }
  if (points > MAX_POINTS_PER_MOVEMENT) {
    throw BadUserInputError.field(
      'points',
      `A single movement may not exceed ${MAX_POINTS_PER_MOVEMENT} points`,
    );
  }
}

export function holdNotActive(
  hold: { id: number; status: HoldStatus },
  expected = HoldStatus.HELD,
): AppError {
  return new ConflictError(`Points hold ${hold.id} is ${hold.status}, not ${expected}`, {
    holdId: String(hold.id),
    status: hold.status,
  });
}
