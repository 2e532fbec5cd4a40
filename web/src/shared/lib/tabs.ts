/** One tab of CommonFilterTabs. */
export interface FilterTab<V extends string> {
  value: V;
  label: string;
  /** Shown as a pill after the label; null or left out hides it. */
  count?: number | null;
}
