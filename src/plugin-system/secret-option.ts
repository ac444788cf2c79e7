/** @Secret() is the SDK's (packages/plugin-sdk/src/secret.ts); the host reads the marks with secretFieldsOf. */
export { Secret, secretFieldsOf } from '@loyalty-bff/plugin-sdk';
