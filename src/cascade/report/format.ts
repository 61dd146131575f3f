/** Number formatting shared by the markdown and HTML renderers (scores print as percent, like the paper). */

export function percent(score: number): string {
  return (score * 100).toFixed(1);
}

/** The paper's change marker: ↑ for a gain (or no change), ↓ for a loss, in percentage points. */
export function arrowDelta(delta: number): string {
  return `${delta < 0 ? '↓' : '↑'}${Math.abs(delta * 100).toFixed(1)}`;
}

export function scoreWithInterval(mean: number, halfWidth95: number | null): string {
  return halfWidth95 === null ? percent(mean) : `${percent(mean)} ± ${percent(halfWidth95)}`;
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function tokens(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** A compact number for detail columns: integers as is, others to 3 significant digits. */
export function compact(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(3);
}
