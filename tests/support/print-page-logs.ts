import { afterEach } from 'vitest';
import { takePageLogs } from './page-logs.js';

// A failed end-to-end test shows what its pages logged: the step where a call went wrong is there.
afterEach((context) => {
  const lines = takePageLogs();
  if (context.task.result?.state === 'fail' && lines.length > 0) console.error(`what the pages logged:\n${lines.join('\n')}`);
});
