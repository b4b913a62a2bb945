/** "0:42", "12:05", "1:02:09": how long a call lasted, as agents read it. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Time of day for today's calls, date and time for older ones. */
export function formatWhen(epochMs: number, now: number = Date.now()): string {
  const when = new Date(epochMs);
  const sameDay = new Date(now).toDateString() === when.toDateString();
  const time = when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${when.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}`;
}
