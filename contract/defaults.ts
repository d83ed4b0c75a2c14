/**
 * What a contract that leaves a section out gets: the validator's vocabulary in its precedence
 * order, the type patterns it implements, the lake layout and the Unknown member.
 */
import { FieldType, FILE_ERROR_CODES, LakeLayout, REASON_CODES } from './spec';

export const DEFAULT_REASON_CODES = REASON_CODES;

export const DEFAULT_FILE_ERROR_CODES = FILE_ERROR_CODES;

export const DEFAULT_LIMITS = { maxRowBytes: 1_048_576, defaultRejectThreshold: 0.05 } as const;

export const DEFAULT_TYPES: Readonly<
  Record<FieldType, { readonly pattern?: string; readonly description: string }>
> = {
  int: { pattern: '^[0-9]+$', description: 'digits only' },
  dec: {
    pattern: '^-?[0-9]+(\\.[0-9]{1,2})?$',
    description: 'digits, optional fraction of at most 2 digits, optional leading minus',
  },
  date: { pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD and a real calendar date' },
  email: { pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$', description: 'local@domain.tld' },
  string: { description: 'any text; at most N UTF-8 bytes for varchar(N) storage' },
};

export const DEFAULT_LAYOUT: LakeLayout = {
  raw: '{dataset}/ingest_date={date}/',
  readyMarker: '_READY',
  validated: 'silver/{dataset}/ingest_date={date}/',
  quarantine: '{dataset}/ingest_date={date}/',
  gold: 'gold/{table}/batch_date={date}/',
  manifest: 'gold/_manifests/batch_date={date}/manifest.json',
};

export const DEFAULT_UNKNOWN_MEMBER = { key: -1, text: 'Unknown' } as const;
