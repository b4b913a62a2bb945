/**
 * Renders the `users.conf` that gateway-config/nats/nats.conf includes. Permissions come from
 * @patchbay/bus, the one place that knows which subjects its client and store use.
 */
import { agentPermissions, storePermissions, type NatsPermissions } from '@patchbay/bus/permissions';
import { agentId } from '@patchbay/contract';

export interface NatsUser {
  user: string;
  password: string;
  permissions: NatsPermissions;
}

/** An agent's user: the user name is the agent id, confined to the agent's own subjects. */
export function agentUser(id: string, password: string): NatsUser {
  return { user: id, password, permissions: agentPermissions(agentId(id)) };
}

/** The bus store's user: the only one with JetStream. */
export function storeUser(password: string): NatsUser {
  return { user: 'pb-store', password, permissions: storePermissions() };
}

const q = (value: string): string => JSON.stringify(value);
const list = (values: string[]): string => `[${values.map(q).join(', ')}]`;

export function renderUsersConf(users: readonly NatsUser[]): string {
  const lines = users.map((u) => {
    const p = u.permissions;
    const deny = p.publishDeny.length > 0 ? `, deny: ${list(p.publishDeny)}` : '';
    return (
      `    { user: ${q(u.user)}, password: ${q(u.password)}, permissions: {\n` +
      `        publish: { allow: ${list(p.publish)}${deny} }\n` +
      `        subscribe: { allow: ${list(p.subscribe)} }\n` +
      `        allow_responses: ${p.allowResponses}\n` +
      `      } }`
    );
  });
  return `# Rendered by packages/devservers/src/nats-users.ts; do not edit by hand.\nauthorization {\n  users = [\n${lines.join('\n')}\n  ]\n}\n`;
}
