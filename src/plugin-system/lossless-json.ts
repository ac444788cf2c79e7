/** Lossless JSON for int64 ids, shared with plugins (packages/plugin-sdk/src/lossless-json.ts). */
export { parseJsonLossless } from '@loyalty-bff/plugin-sdk';
