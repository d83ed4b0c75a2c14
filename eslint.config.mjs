import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The layers (README, "Repository layout"): each may import only from the layers above it.
 *   contract -> core -> adapters -> handlers;  contract -> lib (constructs)
 * bin/, local/, tools/, bench/ and test/ compose the layers and may import any of them.
 */
const layer = (name) => `**/${name}/**`;
const cdk = {
  group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', 'cdk-nag/*'],
  message: 'CDK belongs to lib/ (constructs).',
};
const awsSdk = {
  group: ['@aws-sdk/*', '@aws-lambda-powertools/*'],
  message: 'AWS clients belong to adapters/ and handlers/.',
};
const below = (layers, reason) => ({ group: layers.map(layer), message: reason });
export const LAYER_RULES = {
  'contract/**/*.ts': [
    below(
      ['core', 'adapters', 'handlers', 'lib', 'local', 'bin'],
      'contract/ is the top layer: it imports no other layer.',
    ),
    cdk,
    awsSdk,
  ],
  'core/**/*.ts': [
    below(
      ['adapters', 'handlers', 'lib', 'local', 'bin'],
      'core/ may import contract/ only; reach AWS through a port implemented in adapters/.',
    ),
    cdk,
    awsSdk,
  ],
  'adapters/**/*.ts': [
    below(
      ['handlers', 'lib', 'local', 'bin'],
      'adapters/ may import contract/ and core/ (the ports they implement).',
    ),
    cdk,
  ],
  'handlers/**/*.ts': [
    below(
      ['lib', 'local', 'bin'],
      'handlers/ wire contract/, core/ and adapters/; they never import constructs or local code.',
    ),
    cdk,
  ],
  'local/**/*.ts': [
    below(
      ['handlers', 'bin'],
      'local/ calls the core task functions the handlers call, bound to local adapters.',
    ),
  ],
  'lib/**/*.ts': [
    below(
      ['core', 'adapters', 'handlers', 'local', 'bin'],
      "Constructs import the contract, never the core's internals or the runtime.",
    ),
    awsSdk,
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdk.out/**',
      'cdk.out.*/**',
      '.venv/**',
      '.venv-checkov/**',
      'coverage/**',
      'dist/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...Object.entries(LAYER_RULES).map(([files, patterns]) => ({
    files: [files],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
);
