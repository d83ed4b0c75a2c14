import { EnvelopeFieldSpec, ReasonCode } from '../../contract';
import { checkDate, DATE_OK } from '../validation/value-checks';
import { Rejection } from '../validation/row-validator';

/**
 * Checks one envelope field of a parsed event: absent, null or blank is MISSING_VALUE, a
 * value of the wrong form INVALID_TYPE. Returns the field's stored text, or its rejection.
 */
export type EnvelopeCheck = (value: unknown) => { readonly text: string } | Rejection;

/** Compiles the contract's envelope field specs once. */
export function compileEnvelopeField(field: EnvelopeFieldSpec): EnvelopeCheck {
  const invalid = (reason: ReasonCode, message: string): Rejection => ({ reason, message });
  const pattern = field.pattern === undefined ? undefined : new RegExp(field.pattern);
  const form = formCheck(field, pattern);
  return (value) => {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      return field.required ? invalid('MISSING_VALUE', `${field.name} is required but empty`) : { text: '' };
    }
    if (typeof value !== 'string') {
      return invalid('INVALID_TYPE', `${field.name} must be a JSON string (got ${jsonType(value)})`);
    }
    const problem = form(value);
    if (problem !== undefined) return invalid('INVALID_TYPE', `${field.name} ${quoted(value)} ${problem}`);
    // UUIDs compare case-insensitively; one spelling makes the event key dedupe a plain comparison.
    return { text: field.type === 'uuid' ? value.toLowerCase() : value };
  };
}

/** What is wrong with a present string value, or undefined when its form is right. */
function formCheck(
  field: EnvelopeFieldSpec,
  pattern: RegExp | undefined,
): (value: string) => string | undefined {
  switch (field.type) {
    case 'const':
      return (value) => (value === field.value ? undefined : `is not "${field.value}"`);
    case 'uuid':
      return (value) => (pattern?.test(value) ? undefined : 'is not a UUID (8-4-4-4-12 hex digits)');
    case 'timestamptz':
      return (value) => {
        if (!pattern?.test(value))
          return 'is not an ISO-8601 timestamp with offset (YYYY-MM-DDThh:mm:ss[.f]Z or +hh:mm)';
        return isRealTimestamp(value) ? undefined : 'is not a real calendar date and time';
      };
  }
}

/**
 * The calendar part of a timestamp that matched the pattern: the date through the batch
 * validator's own date check, then hours, minutes and seconds (no leap second) and the offset.
 */
function isRealTimestamp(value: string): boolean {
  const bytes = Buffer.from(value.slice(0, 10), 'latin1');
  if (checkDate(bytes, 0, bytes.length) !== DATE_OK) return false;
  const [hours, minutes, seconds] = [11, 14, 17].map((at) => Number(value.slice(at, at + 2)));
  if (hours > 23 || minutes > 59 || seconds > 59) return false;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  return offset === null || (Number(offset[2]) <= 23 && Number(offset[3]) <= 59);
}

/** JSON's name for a parsed value's type, for messages. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** A value for a message: quoted and cut like the batch validator's. */
export function quoted(value: string): string {
  return `"${value.length > 64 ? `${value.slice(0, 64)}...` : value}"`;
}
