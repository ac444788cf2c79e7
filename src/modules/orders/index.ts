import type { Database } from '../../data/database';
import type { ActivityService } from '../activity/activity.service';
import type { AuditService } from '../audit/audit.service';
import type { CatalogService } from '../catalog/catalog.service';
import type { EarningService } from '../earning/earning.service';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { MembersRepository } from '../members';
import type { PointsLedger } from '../points/points-ledger';
import type { MemberDataRegistry } from '../privacy/member-data-participant';
import type { TiersService } from '../tiers/tiers.service';
import { OrderLine } from './order-line.entity';
import { OrderRefund } from './order-refund.entity';
import { Order } from './order.entity';
import { OrdersMemberDataParticipant } from './orders-member-data.participant';
import { OrdersRepository } from './orders.repository';
import { MemberOrdersResolver, OrdersResolver } from './orders.resolver';
import { OrdersService, type FirstOrderListener } from './orders.service';

export { Order, OrderLine, OrderRefund, OrdersService };
export { OrderStatus, RefundKind } from './order.enums';
export type { FirstOrderListener };
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
    onFirstOrder: (listener: FirstOrderListener) => service.onFirstOrder(listener),
    resolvers: [new OrdersResolver(service), new MemberOrdersResolver(service)],
  };
}
