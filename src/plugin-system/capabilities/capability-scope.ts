import { AppError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Core } from '../../core';
import type { Database } from '../../data/database';
import type { PluginPermission } from '../plugin-permissions';

/** What every capability of a plugin's context is built from: who the plugin is and what it may do. */
export interface CapabilityScope {
  /** The plugin's name: the namespace of its idempotency keys, references and events. */
  name: string;
  /** The plugin's principal (`system`, `plugin:<name>`), so audit entries name the plugin. */
  ctx: RequestContext;
  services: Core['services'];
  db: Database;
  /** Throws FORBIDDEN naming the permission unless the plugin declared it. */
  need(permission: PluginPermission): void;
}

export function isCode(error: unknown, code: string): boolean {
  return error instanceof AppError && error.extensions.code === code;
}
