/**
 * This package's own version (semver, independent of the server's). `definePlugin` stamps it on each
 * definition, and the host accepts a plugin when its own SDK satisfies `^<that version>`: same major,
 * and at least the minor the plugin was built against.
 */
// The manifest sits one folder up from both src/ (tests) and dist/ (the published build).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const SDK_VERSION: string = (require('../package.json') as { version: string }).version;
