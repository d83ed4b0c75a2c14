/**
 * A checked, normalized data contract and the questions the platform asks of it. Everything
 * that depends on datasets or tables takes a `Contract`; load one with `loadContract(path)` or
 * `parseContract(text)` (load.ts), or, where a deployment already checked it, `Contract.fromSpec`.
 */
import { fillLayout, LayoutValues, LayoutZone, matchLayout } from './layout';
import { ContractSpec, DatasetSpec, EventSpec, ReasonCode, StarTableSpec } from './spec';

export class Contract {
  /**
   * Wraps a normalized contract without checking it: for a contract a deployment wrote (the
   * JSON beside a Lambda's code), which was checked at synth.
   */
  static fromSpec(spec: ContractSpec): Contract {
    return new Contract(spec);
  }

  private constructor(readonly spec: ContractSpec) {}

  get version(): string {
    return this.spec.version;
  }

  get datasetNames(): string[] {
    return Object.keys(this.spec.datasets);
  }

  isDataset(name: string): boolean {
    return Object.hasOwn(this.spec.datasets, name);
  }

  dataset(name: string): DatasetSpec {
    if (!this.isDataset(name))
      throw new Error(`unknown dataset "${name}": the contract has ${this.datasetNames.join(', ')}`);
    return this.spec.datasets[name];
  }

  /** Star tables in load order: dimensions before the facts that reference them. */
  get tableNames(): readonly string[] {
    return this.spec.loadOrder;
  }

  isTable(name: string): boolean {
    return Object.hasOwn(this.spec.star, name);
  }

  table(name: string): StarTableSpec {
    if (!this.isTable(name))
      throw new Error(`unknown star table "${name}": the contract has ${this.tableNames.join(', ')}`);
    return this.spec.star[name];
  }

  get dimensions(): string[] {
    return this.tableNames.filter((name) => this.spec.star[name].kind === 'dimension');
  }

  get facts(): string[] {
    return this.tableNames.filter((name) => this.spec.star[name].kind === 'fact');
  }

  get eventNames(): string[] {
    return Object.keys(this.spec.events);
  }

  event(name: string): EventSpec {
    if (!Object.hasOwn(this.spec.events, name))
      throw new Error(`unknown event "${name}": the contract has ${this.eventNames.join(', ') || 'none'}`);
    return this.spec.events[name];
  }

  /** Precedence of each reason code: a row is reported under the lowest it breaks. */
  reasonRank(code: ReasonCode): number {
    return this.spec.reasonCodes.indexOf(code);
  }

  /** Fills a layout template, e.g. `layoutPath('validated', { dataset: 'sales', date })`. */
  layoutPath(zone: LayoutZone, values: LayoutValues): string {
    return fillLayout(this.spec.layout, zone, values);
  }

  /** The placeholder values of a key under a zone's template, or undefined. */
  matchLayoutPath(zone: LayoutZone, key: string): (LayoutValues & { readonly rest: string }) | undefined {
    return matchLayout(this.spec.layout, zone, key);
  }

  /** The normalized contract: what a deployment ships beside its code. */
  toJSON(): ContractSpec {
    return this.spec;
  }
}
