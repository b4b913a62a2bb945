import type { CredentialCache } from '../host/credential-cache.js';
import { keepCredentialsFresh } from '../host/credential-renewal.js';
import { log } from '../log.js';
import { dismissNotice, showNotice } from './notice.js';

const RENEWAL_NOTICE = 'credentials-renewal';

/** Keeps the agent's credentials renewed, and tells the agent while renewal fails and until when what they hold lasts. */
export function renewCredentials(cache: CredentialCache, notices: HTMLElement): void {
  keepCredentialsFresh(cache, {
    failing: (reason, expiresAt) => {
      log('warn', 'CREDENTIALS-RENEWAL', reason);
      const until = expiresAt === null ? '' : ` Calls go on; the phone and the bus keep working until ${new Date(expiresAt).toLocaleTimeString()}.`;
      dismissNotice(notices, RENEWAL_NOTICE);
      showNotice(notices, `The softphone could not renew its access: ${reason}.${until} Trying again.`, { key: RENEWAL_NOTICE });
    },
    recovered: () => {
      log('info', 'CREDENTIALS-RENEWAL', 'renewed');
      dismissNotice(notices, RENEWAL_NOTICE);
    },
  });
}
