/** How many decimals a value per point needs to show as it was typed (0.01 → 2, 0.0025 → 4). */
export function pointValueDigits(value: number): number {
  const decimals = String(value).split('.')[1]?.length ?? 0;
  return Math.min(4, Math.max(2, decimals));
}
