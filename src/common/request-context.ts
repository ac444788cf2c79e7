import type { Principal } from '../auth/principal';

/** What every service call receives first: who is acting, and the request id that ties logs and audit together. */
export interface RequestContext {
  principal: Principal | null;
  requestId: string;
}
