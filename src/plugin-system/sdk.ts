/**
 * The plugin SDK is the package @loyalty-bff/plugin-sdk (packages/plugin-sdk): plugins import it by that
 * name. This module re-exports it for code inside the server, and names the server's own version.
 */
import packageJson from '../../package.json';

export * from '@loyalty-bff/plugin-sdk';

/** The server's version, matched against a plugin's optional `core` range at load time. */
export const CORE_VERSION: string = packageJson.version;
