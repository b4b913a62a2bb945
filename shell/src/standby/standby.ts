/**
 * The standby page: Salesforce frames it (reqStandbyUrl) when the shell has not called
 * notifyInitializationComplete within reqTimeout (Optional Call Center Elements and Attributes).
 * It ships beside the shell's index.html, so "start again" is the shell at `./`, framed with the
 * parameters Salesforce gave this page. In Lightning the browser session keeps the standby URL
 * (notifyInitializationComplete() for Lightning Experience): this link is how the agent gets the
 * softphone back without restarting the browser.
 */
const retry = document.querySelector<HTMLAnchorElement>('a.retry');
if (retry) retry.href = `./${location.search}`;
