/**
 * A PostgreSQL array literal for one query parameter (`${arrayParam(ids)}::uuid[]`): drizzle's sql``
 * spreads a JS array into one parameter per element, which `any(...)` and `unnest(...)` cannot take.
 */
export function arrayParam(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
