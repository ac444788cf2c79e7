import type { PluginDefinition } from './plugin-definition';
import { SDK_VERSION } from './version';

/**
 * Declares a plugin; the value is what the plugin's entry module exports as default. It records the SDK
 * version the plugin was built with, which the host checks at load time.
 */
export function definePlugin<O extends object>(definition: PluginDefinition<O>): PluginDefinition<O> {
  return { ...definition, sdk: SDK_VERSION };
}
