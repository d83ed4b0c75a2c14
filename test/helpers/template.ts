import { App, Stack } from 'aws-cdk-lib';

/**
 * Replaces asset hashes: hashes of bundled code depend on the checkout's path (source maps)
 * and change with every code edit, so snapshots compare structure and leave code identity to
 * the byte-identical-synth test.
 */
export function maskAssetHashes<T>(template: T): T {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip|\.json|\.py)?/g, 'ASSET_HASH$1'));
}

/** A stack's synthesized template with asset hashes masked, for snapshots. */
export function maskedTemplate(stack: Stack): unknown {
  const assembly = (stack.node.root as App).synth();
  return maskAssetHashes(assembly.getStackByName(stack.stackName).template);
}
