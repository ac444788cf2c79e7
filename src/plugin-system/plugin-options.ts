import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FieldProblem } from '../common/errors';
import { isPublicSecret } from '../config/public-secrets';
import type { SecretBox } from '../common/secret-box';
import { secretFieldsOf } from './secret-option';

type Json = Record<string, unknown>;
const SEALED = '$sealed';

/**
 * Plugin options: validated with the plugin's class-validator class, stored with secret fields sealed,
 * shown without them. Configure merges into what is stored, so an admin changing one setting does not
 * have to send the secrets again.
 */
export class PluginOptionsCodec {
  /**
   * `refusePublicSecrets` (production): a secret option set to a value committed to this repository
   * (a test sample, a README example) is invalid, as JWT_SECRET and PLUGIN_SECRETS_KEY are at start:
   * anyone could forge the webhooks it verifies. Checked here, so configure, enable and start all refuse it.
   */
  constructor(
    private readonly box: SecretBox,
    private readonly policy: { refusePublicSecrets: boolean } = { refusePublicSecrets: false },
  ) {}

  async validate(
    optionsClass: (new () => object) | undefined,
    values: Json,
  ): Promise<{ options: object; problems: FieldProblem[] }> {
    if (!optionsClass) return { options: { ...values }, problems: [] };
    const options = plainToInstance(optionsClass, values);
    const errors = await validate(options, {
      forbidUnknownValues: true,
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    const problems = errors.map((e) => ({
      field: e.property,
      messages: Object.values(e.constraints ?? { invalid: `${e.property} is invalid` }),
    }));
    if (this.policy.refusePublicSecrets) problems.push(...publicSecretProblems(optionsClass, values));
    return { options, problems };
  }

  seal(optionsClass: (new () => object) | undefined, values: Json): string {
    const secrets = new Set(secretFieldsOf(optionsClass));
    const stored: Json = {};
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      stored[key] =
        secrets.has(key) && value !== null ? { [SEALED]: this.box.encrypt(JSON.stringify(value)) } : value;
    }
    return JSON.stringify(stored);
  }

  unseal(json: string): Json {
    const stored = JSON.parse(json) as Json;
    const values: Json = {};
    for (const [key, value] of Object.entries(stored)) {
      values[key] = isSealed(value) ? JSON.parse(this.box.decrypt(value[SEALED])) : value;
    }
    return values;
  }

  redacted(
    optionsClass: (new () => object) | undefined,
    json: string,
  ): { values: Json; secretsSet: string[] } {
    return redactedOptions(optionsClass, json);
  }
}

/** What admins see: secrets replaced by whether they are set. Needs no key. */
export function redactedOptions(
  optionsClass: (new () => object) | undefined,
  json: string,
): { values: Json; secretsSet: string[] } {
  const stored = JSON.parse(json) as Json;
  const secrets = secretFieldsOf(optionsClass);
  const values: Json = {};
  for (const [key, value] of Object.entries(stored))
    if (!secrets.includes(key) && !isSealed(value)) values[key] = value;
  return { values, secretsSet: secrets.filter((key) => stored[key] !== undefined && stored[key] !== null) };
}

function publicSecretProblems(optionsClass: new () => object, values: Json): FieldProblem[] {
  return secretFieldsOf(optionsClass)
    .filter((field) => stringsIn(values[field]).some(isPublicSecret))
    .map((field) => ({
      field,
      messages: [`${field} is a publicly known value (committed in the repository): use the real secret`],
    }));
}

/** Every string inside a secret option: some are objects or lists (partner-exchange's credentials). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(stringsIn);
}

function isSealed(value: unknown): value is { [SEALED]: string } {
  return typeof value === 'object' && value !== null && typeof (value as Json)[SEALED] === 'string';
}
