/**
 * Renders the `users.conf` that gateway-config/nats/nats.conf includes. An agent's permissions come
 * from @patchbay/bus (agentPermissions), the one place that knows which subjects its client uses.
 */
import { agentPermissions, type NatsPermissions } from '@patchbay/bus/permissions';
import { agentId } from '@patchbay/contract';

export interface NatsUser {
  user: string;
  password: string;
  /** Omitted: the user may do anything (the provisioner, tooling). */
  permissions?: NatsPermissions;
}

/** An agent's user: the user name is the agent id, confined to the agent's own subjects. */
export function agentUser(id: string, password: string): NatsUser {
  return { user: id, password, permissions: agentPermissions(agentId(id)) };
}

const q = (value: string): string => JSON.stringify(value);
const list = (values: string[]): string => `[${values.map(q).join(', ')}]`;

export function renderUsersConf(users: readonly NatsUser[]): string {
  const lines = users.map((u) => {
    const base = `    { user: ${q(u.user)}, password: ${q(u.password)}`;
    if (!u.permissions) return `${base} }`;
    const p = u.permissions;
    return (
      `${base}, permissions: {\n` +
      `        publish: { allow: ${list(p.publish)} }\n` +
      `        subscribe: { allow: ${list(p.subscribe)} }\n` +
      `        allow_responses: ${p.allowResponses}\n` +
      `      } }`
    );
  });
  return `# Rendered by packages/devservers/src/nats-users.ts; do not edit by hand.\nauthorization {\n  users = [\n${lines.join('\n')}\n  ]\n}\n`;
}
