import type { EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import type { Behaviour } from './behaviour';
import { BehaviourAwardRecord } from './behaviour-award.entity';
import { MembersRepository, type Member } from '../members';

/** Every query on `behaviour_award`. */
export class BehaviourAwardsRepository {
  /** The member row is the members context's: it is read (and locked) through its repository. */
  private readonly members = new MembersRepository();

  constructor(private readonly db: Database) {}

  /** A locking read on MySQL, so a retry racing the first award sees its committed row. */
  find(manager: EntityManager, memberId: number, behaviour: Behaviour, reference: string) {
    return this.db
      .forUpdate(
        manager
          .createQueryBuilder(BehaviourAwardRecord, 'award')
          .where(
            'award.memberId = :memberId AND award.behaviour = :behaviour AND award.reference = :reference',
            {
              memberId,
              behaviour,
              reference,
            },
          ),
      )
      .getOne();
  }

  /**
   * When the member's earlier paid awards of a behaviour happened, within [start, end). Not a locking
   * read: range locks here would deadlock concurrent awards; callers serialise a member's awards on the
   * member row instead (see `lockMember`).
   */
  async paidAwardTimes(
    manager: EntityManager,
    memberId: number,
    behaviour: Behaviour,
    window: { start: Date; end: Date },
  ): Promise<Date[]> {
    const rows = await manager
      .createQueryBuilder(BehaviourAwardRecord, 'award')
      .select(['award.id', 'award.awardedAt'])
      .where('award.memberId = :memberId AND award.behaviour = :behaviour', { memberId, behaviour })
      .andWhere('award.awardedAt >= :start AND award.awardedAt < :end', window)
      .andWhere('award.points > 0')
      .getMany();
    return rows.map((row) => row.awardedAt);
  }

  /**
   * Locks the member's row for the rest of the transaction (MySQL; SQLite runs one transaction at a
   * time) and reads its status. Two awards for one member then run one after the other, so the second
   * sees the first one's award when it checks the reference and counts towards the caps. One row lock
   * per member instead of range locks on `behaviour_award`, which deadlock under concurrency.
   */
  lockMember(manager: EntityManager, memberId: number): Promise<Pick<Member, 'id' | 'status'> | null> {
    return this.db.forUpdate(this.members.statusQuery(manager, memberId)).getOne();
  }

  async insert(manager: EntityManager, values: Omit<BehaviourAwardRecord, 'id'>): Promise<number> {
    const result = await manager.insert(BehaviourAwardRecord, values);
    return Number(result.identifiers[0].id);
  }

  async setLedgerEntry(manager: EntityManager, id: number, ledgerEntryId: number | null): Promise<void> {
    await manager.update(BehaviourAwardRecord, { id }, { ledgerEntryId });
  }

  awardsOf(manager: EntityManager, memberId: number): Promise<BehaviourAwardRecord[]> {
    return manager.find(BehaviourAwardRecord, { where: { memberId }, order: { id: 'ASC' } });
  }

  /**
   * Moves a merged member's awards to the survivor. Where both hold the same behaviour and reference,
   * the duplicate's row keeps its history under a suffixed reference rather than breaking the unique key.
   */
  async moveAwards(manager: EntityManager, fromMemberId: number, toMemberId: number): Promise<void> {
    const survivor = await this.awardsOf(manager, toMemberId);
    const taken = new Set(survivor.map((a) => `${a.behaviour}\u0000${a.reference}`));
    for (const award of await this.awardsOf(manager, fromMemberId)) {
      if (!taken.has(`${award.behaviour}\u0000${award.reference}`)) continue;
      const reference = `${award.reference.slice(0, 191 - 24)}#merged-${fromMemberId}`;
      await manager.update(BehaviourAwardRecord, { id: award.id }, { reference });
    }
    await manager.update(BehaviourAwardRecord, { memberId: fromMemberId }, { memberId: toMemberId });
  }
}
