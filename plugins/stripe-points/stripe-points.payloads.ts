/** The parts of Stripe's event objects the connector reads (EXTERNAL.md); amounts in minor units. */
export interface StripeEvent<T = Record<string, unknown>> {
  id: string;
  type: string;
  created: number;
  data: { object: T };
  request?: { idempotency_key?: string | null } | null;
}

export interface StripePaymentIntent {
  id: string;
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  metadata: Record<string, string> | null;
  status: string;
}

export interface StripeCharge {
  id: string;
  amount: number;
  amount_refunded: number;
  refunded: boolean;
  payment_intent: string | null;
  currency: string;
  customer: string | null;
  metadata: Record<string, string> | null;
}
