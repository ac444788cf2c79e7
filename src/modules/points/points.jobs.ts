import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import type { ActivityService } from '../activity';
import type { PointsLedger } from './points-ledger';
import { HoldStatus, LotStatus } from './points.enums';
import type { PointsRepository } from './points.repository';

const BATCH = 200;

/**
 * The points jobs. Each works member by member in its own short transaction, with conditional
 * updates, so it can run on several instances or from the CLI while the server runs, and a second
 * run finds nothing left to do.
 */
export function createPointsJobs(
  db: Database,
  repository: PointsRepository,
  ledger: PointsLedger,
  activity: ActivityService,
): Job[] {
  const perMember = async (
    status: LotStatus,
    column: 'expiresAt' | 'pendingUntil',
    now: Date,
    move: (memberId: number) => Promise<number>,
    progress?: (done: number, total: number) => void,
  ) => {
    let members = 0;
    let points = 0;
    const seen = new Set<number>();
    for (;;) {
      const batch = (await repository.membersWithDueLots(db.manager, status, column, now, BATCH)).filter(
        (id) => !seen.has(id),
      );
      if (!batch.length) break;
      for (const memberId of batch) {
        seen.add(memberId);
        points += await move(memberId);
        members += 1;
      }
      progress?.(members, members);
    }
    return { members, points };
  };

  return [
    {
      name: 'points-expire-lots',
      description: 'Expire lots whose expiry date has passed (one EXPIRE entry per member)',
      schedule: '0 * * * *', // hourly: lots expire at an instant, not a day
      async run(now, progress) {
        const { members, points } = await perMember(
          LotStatus.ACTIVE,
          'expiresAt',
          now,
          (memberId) => db.transaction((manager) => ledger.expireDue(manager, memberId, now)),
          progress,
        );
        return { members, pointsExpired: points };
      },
    },
    {
      name: 'points-unlock-pending',
      description: 'Make pending purchase points usable once their return window has closed',
      schedule: '*/10 * * * *',
      async run(now, progress) {
        const { members, points } = await perMember(
          LotStatus.PENDING,
          'pendingUntil',
          now,
          (memberId) => db.transaction((manager) => ledger.unlockDue(manager, memberId, now)),
          progress,
        );
        return { members, pointsUnlocked: points };
      },
    },
    {
      name: 'points-release-expired-holds',
      description: 'Release holds (pay with points, transfers) that were not captured before their TTL',
      schedule: '* * * * *', // a hold's TTL is minutes
      async run(now) {
        let released = 0;
        for (;;) {
          const holds = await repository.expiredHolds(db.manager, now, BATCH);
          if (!holds.length) break;
          for (const hold of holds) {
            const done = await db
              .transaction((manager) =>
                ledger.releaseHold(manager, hold.id, 'not captured in time', HoldStatus.EXPIRED),
              )
              .then(() => true)
              .catch(() => false); // released or captured meanwhile by someone else: nothing to do
            if (done) released += 1;
          }
          if (holds.length < BATCH) break;
        }
        return { holdsReleased: released };
      },
    },
    {
      name: 'points-warn-expiring',
      description:
        'Raise a points.expiring-soon event per member for lots expiring within the warning window',
      schedule: '0 9 * * *', // warnings go out in the morning of the programme's time zone
      async run(now) {
        const policy = await repository.policy(db.manager);
        const until = new Date(now.getTime() + policy.expiryWarningDays * 86_400_000);
        let warned = 0;
        for (;;) {
          const lots = await repository.lotsToWarn(db.manager, now, until, 1000);
          if (!lots.length) break;
          const byMember = new Map<number, typeof lots>();
          for (const lot of lots) byMember.set(lot.memberId, [...(byMember.get(lot.memberId) ?? []), lot]);
          for (const [memberId, memberLots] of byMember) {
            await db.transaction(async (manager) => {
              const points = memberLots.reduce((total, lot) => total + lot.remaining, 0);
              const first = memberLots.reduce((a, b) => (a.expiresAt! <= b.expiresAt! ? a : b));
              await repository.markWarned(
                manager,
                memberLots.map((lot) => lot.id),
                now,
              );
              await activity.record(manager, {
                type: 'points.expiring-soon',
                memberId,
                summary: `Member ${memberId}: ${points} points expire by ${until.toISOString().slice(0, 10)}`,
                payload: {
                  points,
                  firstExpiry: first.expiresAt!.toISOString(),
                  lots: memberLots.map((lot) => lot.id),
                },
              });
            });
            warned += 1;
          }
        }
        return { membersWarned: warned };
      },
    },
  ];
}
