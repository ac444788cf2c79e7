import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { PointsExplanationView } from '../points';
import { OrderRefund } from './order-refund.entity';
import { Order } from './order.entity';

@ObjectType()
export class OrderConnection extends ConnectionType('Order', Order) {}

@ObjectType({ description: 'What a basket would earn, and why; nothing is recorded' })
export class PointsPreview {
  @Field(() => Int)
  points: number;

  @Field(() => PointsExplanationView)
  explanation: PointsExplanationView;
}

@ObjectType()
export class RefundOrderPayload {
  @Field(() => Order)
  order: Order;

  @Field(() => OrderRefund)
  refund: OrderRefund;
}
