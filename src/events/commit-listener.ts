import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import type { TransactionCommitEvent } from 'typeorm/subscriber/event/TransactionCommitEvent';
import { ACTIVITY_WRITTEN } from '../modules/activity';

/**
 * The after-commit hook: TypeORM tells subscribers when a transaction committed; ActivityService.record
 * marked the transaction's query runner, so only commits that wrote events notify (and never a
 * savepoint release inside a larger transaction, which is not a commit).
 */
export function onActivityCommitted(dataSource: DataSource, notify: () => void): () => void {
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit(event: TransactionCommitEvent) {
      const runner = event.queryRunner;
      if (runner.isTransactionActive || !runner.data?.[ACTIVITY_WRITTEN]) return;
      runner.data = { ...runner.data, [ACTIVITY_WRITTEN]: false };
      notify();
    },
  };
  dataSource.subscribers.push(subscriber);
  return () => {
    const index = dataSource.subscribers.indexOf(subscriber);
    if (index >= 0) dataSource.subscribers.splice(index, 1);
  };
}
