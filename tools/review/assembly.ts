/**
 * Reads a synthesized cloud assembly (a `cdk.out` folder): its stacks' templates and
 * construct metadata, and the policy-validation (cdk-nag) report written beside them.
 * Plain JSON reads of the documented manifest format, so any CDK app's output works.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Record<string, unknown>;
  readonly [attribute: string]: unknown;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly [section: string]: unknown;
}

export interface MetadataEntry {
  readonly type: string;
  readonly data?: unknown;
}

export interface AssemblyStack {
  /** The stack's display name: its artifact id, or `Stage/Stack` inside a stage. */
  readonly name: string;
  readonly template: CfnTemplate;
  /** The target account, when the stack is bound to one. */
  readonly account?: string;
  /** Construct metadata by construct path (`/Stack/Construct/...`). */
  readonly metadata: Readonly<Record<string, readonly MetadataEntry[]>>;
}

/** The parts of aws-cdk-lib's `validation-report.json` the review reads. */
export interface ValidationReport {
  readonly pluginReports?: readonly {
    readonly pluginName: string;
    readonly violations?: readonly {
      readonly ruleName: string;
      readonly description: string;
      readonly violatingConstructs?: readonly {
        readonly constructPath: string;
        readonly cloudFormationResource?: { readonly templatePath: string; readonly logicalId: string };
      }[];
    }[];
  }[];
}

export interface CloudAssembly {
  readonly directory: string;
  readonly stacks: readonly AssemblyStack[];
  /** Absent when the app registered no validation plugin, or synthesized with none reporting. */
  readonly validationReport?: ValidationReport;
}

/** The folder is not a readable cloud assembly. */
export class AssemblyError extends Error {
  override readonly name = 'AssemblyError';
}

const VALIDATION_REPORT_FILE = 'validation-report.json';
const LOGICAL_ID_METADATA = 'aws:cdk:logicalId';

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly directoryName?: string };
  readonly metadata?: Record<string, MetadataEntry[]>;
  readonly additionalMetadataFile?: string;
}

export async function loadAssembly(directory: string): Promise<CloudAssembly> {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!(await stat(manifestFile).catch(() => undefined))?.isFile()) {
    throw new AssemblyError(`no cloud assembly in ${directory} (manifest.json not found)`);
  }
  const stacks = await loadStacks(directory, '');
  const reportFile = path.join(directory, VALIDATION_REPORT_FILE);
  const validationReport = (await stat(reportFile).catch(() => undefined))
    ? await readJson<ValidationReport>(reportFile)
    : undefined;
  return { directory, stacks, validationReport };
}

async function loadStacks(directory: string, prefix: string): Promise<AssemblyStack[]> {
  const manifest = await readJson<{ artifacts?: Record<string, ManifestArtifact> }>(
    path.join(directory, 'manifest.json'),
  );
  const stacks: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      // A Stage: its stacks live in a nested assembly, named under the stage's path.
      const stage = artifact.displayName ?? id;
      stacks.push(
        ...(await loadStacks(path.join(directory, artifact.properties.directoryName), `${prefix}${stage}/`)),
      );
    } else if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      stacks.push({
        // `Stage/Stack` for a stack of a stage; the artifact id for the app's own stacks.
        name: artifact.displayName ?? `${prefix}${id}`,
        template: await readJson<CfnTemplate>(path.join(directory, artifact.properties.templateFile)),
        account: accountOf(artifact.environment),
        metadata: await stackMetadata(directory, artifact),
      });
    }
  }
  return stacks;
}

/** `aws://123456789012/eu-west-1` → the account; `unknown-account` means environment-agnostic. */
function accountOf(environment: string | undefined): string | undefined {
  const account = environment?.match(/^aws:\/\/([^/]+)\//)?.[1];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** Metadata sits in the manifest, or in a per-stack file that the manifest names (additionalMetadataFile). */
async function stackMetadata(
  directory: string,
  artifact: ManifestArtifact,
): Promise<Record<string, readonly MetadataEntry[]>> {
  const external = artifact.additionalMetadataFile
    ? await readJson<Record<string, MetadataEntry[]>>(path.join(directory, artifact.additionalMetadataFile))
    : {};
  const merged: Record<string, MetadataEntry[]> = {};
  for (const source of [artifact.metadata ?? {}, external]) {
    for (const [constructPath, entries] of Object.entries(source)) {
      merged[constructPath] = [...(merged[constructPath] ?? []), ...entries];
    }
  }
  return merged;
}

async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    throw new AssemblyError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Construct paths (without the leading `/`) by logical id, from the stack's metadata. */
export function constructPaths(stack: AssemblyStack): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [constructPath, entries] of Object.entries(stack.metadata)) {
    const logicalId = entries.find((entry) => entry.type === LOGICAL_ID_METADATA)?.data;
    if (typeof logicalId === 'string') paths.set(logicalId, constructPath.replace(/^\/+/, ''));
  }
  return paths;
}
