#!/usr/bin/env node
import { BreakingContractChangeError, ContractError } from '../contract';
import { InvalidEnvironmentConfigError } from '../lib/config';
import { buildPlatformApp } from './platform-app';

try {
  buildPlatformApp();
} catch (error) {
  // What to change in a contract or config is the whole message: no stack trace around it.
  const expected = [ContractError, BreakingContractChangeError, InvalidEnvironmentConfigError];
  if (!expected.some((type) => error instanceof type)) throw error;
  console.error((error as Error).message);
  process.exit(1);
}
