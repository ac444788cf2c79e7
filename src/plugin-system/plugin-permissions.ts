/** The permissions and kinds are part of the SDK's contract (packages/plugin-sdk/src/permissions.ts). */
export {
  PLUGIN_KINDS,
  PLUGIN_PERMISSIONS,
  isPluginPermission,
  type PluginKind,
  type PluginPermission,
} from '@loyalty-bff/plugin-sdk';
