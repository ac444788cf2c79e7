import type { EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { CatalogService } from '../catalog';
import type { EarningService } from '../earning';
import type { IdempotencyService } from '../idempotency';
import { MembersRepository } from '../members';
import type { PointsLedger } from '../points';
import type { MemberDataRegistry } from '../privacy';
import type { TiersService } from '../tiers';
import { OrderLine } from './order-line.entity';
import { OrderRefund } from './order-refund.entity';
import { Order } from './order.entity';
import { OrdersMemberDataParticipant } from './orders-member-data.participant';
import { OrdersRepository, type OrderPurchases } from './orders.repository';
import { MemberOrdersResolver, OrdersResolver } from './orders.resolver';
import { OrdersService, type FirstOrderListener } from './orders.service';

export { Order, OrderLine, OrderRefund, OrdersService };
export { OrderStatus, RefundKind } from './order.enums';
export type { FirstOrderListener };
export { OrderHistoryReader } from './order-history.reader';
export { OrderFiguresReader } from './order-figures.reader';
export type { CountedOrder, OrderOrigin } from './order-history.reader';
export const ordersEntities = [Order, OrderLine, OrderRefund];

export function createOrdersModule(deps: {
  db: Database;
  audit: AuditService;
  activity: ActivityService;
  memberData: MemberDataRegistry;
  idempotency: IdempotencyService;
  points: PointsLedger;
  catalog: CatalogService;
  earning: EarningService;
  tiers: TiersService;
}) {
  const repository = new OrdersRepository(deps.db);
  const service = new OrdersService(
    deps.db,
    repository,
    new MembersRepository(),
    deps.idempotency,
    deps.catalog,
    deps.earning,
    deps.points,
    deps.tiers,
    deps.activity,
    deps.audit,
  );
  deps.memberData.register(new OrdersMemberDataParticipant(repository));
  return {
    service,
    /** For tiers: net qualifying spend and order count over a window. */
    qualification: { figuresSince: repository.figuresSince.bind(repository) },
    /** For the recommendations model: settled member orders after an id, with their products. */
    purchases: {
      countAfter: repository.countMemberOrdersAfter.bind(repository),
      after: repository.memberPurchasesAfter.bind(repository),
      linesSql: repository.memberPurchaseLinesSql.bind(repository),
    } satisfies OrderPurchasesReader,
    onFirstOrder: (listener: FirstOrderListener) => service.onFirstOrder(listener),
    resolvers: [new OrdersResolver(service), new MemberOrdersResolver(service)],
  };
}

// Used by other contexts.
export { RecordOrderInput, RefundOrderInput } from './order.inputs';
export type { OrderPurchases } from './orders.repository';

/** What the recommendations model reads of orders (see OrdersRepository.memberPurchasesAfter). */
export interface OrderPurchasesReader {
  countAfter(manager: EntityManager, afterId: number): Promise<number>;
  after(
    manager: EntityManager,
    afterId: number,
    settledBefore: Date,
    limit: number,
  ): Promise<{ lastId: number; read: number; orders: OrderPurchases[] }>;
  /** Every purchase line up to an order id, as a subquery: memberId, productId, at. */
  linesSql(upToOrderId: number): { sql: string; parameters: Record<string, unknown> };
}
