import { parseArgs } from 'node:util';
import { issueToken } from '../auth/token-issuer';
import { TOKEN_ROLES, type Role } from '../auth/principal';
import { ConfigError, loadConfig } from '../config/config';

/**
 * Development helper: prints a signed bearer token.
 *   npm run token -- --role staff
 *   npm run token -- --role member --member 42 --ttl 1h
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'staff' },
      member: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  const role = values.role as Role;
  if (!TOKEN_ROLES.includes(role)) throw new Error(`--role must be one of ${TOKEN_ROLES.join(', ')}`);
  if (role === 'member' && !values.member) throw new Error('--member <id> is required for a member token');
  const config = loadConfig();
  if (!config.jwt.secret)
    throw new Error('JWT_SECRET is not set: tokens from a JWKS provider cannot be minted here');
  const subject = role === 'member' ? values.member! : (values.sub ?? `${role}-dev`);
  const token = await issueToken(config.jwt.secret, {
    role,
    subject,
    expiresIn: values.ttl,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
  });
  console.log(token);
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
