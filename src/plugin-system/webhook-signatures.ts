/** The signature helpers plugins use, shared with the host (packages/plugin-sdk/src/signatures.ts). */
export { hmacSha256Base64, hmacSha256Hex, signaturesMatch } from '@loyalty-bff/plugin-sdk';
