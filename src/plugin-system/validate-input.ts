import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { BadUserInputError } from '../common/errors';

/**
 * Plugins call services directly, not through GraphQL, so their inputs get the same class-validator
 * check the schema applies (`validate: true`) before reaching a service.
 */
export async function validated<T extends object>(inputClass: new () => T, plain: object): Promise<T> {
  const instance = plainToInstance(inputClass, plain);
  const errors = await validate(instance, { forbidUnknownValues: true });
  if (errors.length) {
    const fields = flatten(errors);
    throw new BadUserInputError(
      `Invalid ${inputClass.name}: ${fields.map((f) => f.messages[0]).join('; ')}`,
      fields,
    );
  }
  return instance;
}

type ValidationErrorLike = {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
};

function flatten(errors: ValidationErrorLike[], prefix = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
