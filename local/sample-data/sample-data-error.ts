/** A valid contract the generator cannot make data for (bounds too tight for its keys, rules no row keeps); the message says what to loosen. */
export class SampleDataError extends Error {
  override readonly name = 'SampleDataError';
}
