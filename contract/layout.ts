/** Filling and matching the contract's lake layout templates ({dataset}, {table}, {date}). */
import { LakeLayout } from './spec';

export type LayoutZone = Exclude<keyof LakeLayout, 'readyMarker'>;

export interface LayoutValues {
  readonly dataset?: string;
  readonly table?: string;
  readonly date: string;
}

/** Fills a zone's template, e.g. `fillLayout(layout, 'validated', { dataset: 'sales', date })`. */
export function fillLayout(layout: LakeLayout, zone: LayoutZone, values: LayoutValues): string {
  return layout[zone].replace(/\{(dataset|table|date)\}/g, (_, name: keyof LayoutValues) => {
    const value = values[name];
    if (value === undefined) throw new Error(`layout "${zone}" needs a value for {${name}}`);
    return value;
  });
}

/**
 * The inverse of `fillLayout`: the placeholder values of an object key that starts with a
 * zone's template, plus `rest` (what follows the prefix), or undefined when it does not match.
 * Placeholders match one path segment; {date} must look like YYYY-MM-DD.
 */
export function matchLayout(
  layout: LakeLayout,
  zone: LayoutZone,
  key: string,
): (LayoutValues & { readonly rest: string }) | undefined {
  const names: string[] = [];
  const pattern = layout[zone]
    .split(/(\{(?:dataset|table|date)\})/)
    .map((part) => {
      const name = /^\{(dataset|table|date)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return name === 'date' ? '([0-9]{4}-[0-9]{2}-[0-9]{2})' : '([^/]+)';
    })
    .join('');
  const match = new RegExp(`^${pattern}(.*)$`, 's').exec(key);
  if (!match) return undefined;
  const values = Object.fromEntries(names.map((name, i) => [name, match[i + 1]]));
  return { ...values, date: values.date, rest: match[names.length + 1] };
}
