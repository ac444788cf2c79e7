/**
 * What a plugin may ask for. The host hands each plugin a context whose methods check these; a partner
 * API key carries a subset of its plugin's permissions as scopes.
 */
export const PLUGIN_PERMISSIONS = [
  'members:read',
  'members:write',
  'members:link',
  'members:erase',
  'orders:read',
  'orders:write',
  'catalog:write',
  'points:earn',
  'points:reverse',
  'points:hold',
  'feedback:write',
  'activity:publish',
] as const;
export type PluginPermission = (typeof PLUGIN_PERMISSIONS)[number];

export function isPluginPermission(value: string): value is PluginPermission {
  return (PLUGIN_PERMISSIONS as readonly string[]).includes(value);
}

export const PLUGIN_KINDS = ['ecommerce', 'payment', 'partner', 'survey', 'other'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];
