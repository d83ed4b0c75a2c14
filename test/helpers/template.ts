import { App, Stack } from 'aws-cdk-lib';

/**
 * A synthesized template with asset hashes masked: hashes of bundled code depend on the
 * checkout's path (source maps), so snapshots compare structure and leave code identity to
 * the byte-identical-synth test.
 */
export function maskedTemplate(stack: Stack): unknown {
  const assembly = (stack.node.root as App).synth();
  const text = JSON.stringify(assembly.getStackByName(stack.stackName).template);
  return JSON.parse(text.replace(/[0-9a-f]{64}(\.zip|\.json|\.py)?/g, 'ASSET_HASH$1'));
}
