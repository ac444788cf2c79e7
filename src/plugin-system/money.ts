/** Money in minor units, shared with plugins (packages/plugin-sdk/src/money.ts). */
export { currencyDigits, decimalToMinor } from '@loyalty-bff/plugin-sdk';
