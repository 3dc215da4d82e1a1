// The two modules it needs rather than the libraries' indexes: a token in a fraction of a second.
import { ROLES, type Role } from '@casebook/domain/roles';
import { signToken } from '@casebook/platform/auth/token';
import { loadConfig } from '@casebook/platform/config/config';

/**
 * `npm run token -- <sub> <role> [site,…]`: a development token signed with the configured
 * secret, for trying the API by hand. The subject must be registered as staff to run commands.
 */
const [sub, role, sites] = process.argv.slice(2);
if (!sub || !ROLES.includes(role as Role)) {
  console.error(`usage: npm run token -- <sub> <${ROLES.join('|')}> [siteId,siteId…]`);
  process.exit(2);
}
const config = loadConfig();
console.log(signToken(config.jwtSecret, { sub, role: role as Role, ...(sites ? { sites: sites.split(',') } : {}) }, '30d'));
