/**
 * cdk-nag findings and acknowledgements that appear or disappear between two assemblies.
 * cdk-nag 3 runs as an aws-cdk-lib policy-validation plugin: unacknowledged findings go to
 * the assembly's validation-report.json, and each `Validations.of(x).acknowledge(...)` is
 * construct metadata (`aws:cdk:acknowledged-rules`) in the stack's metadata. Both are keyed by
 * (stack, construct path, rule id).
 */
import { AssemblyStack, CloudAssembly, constructPaths } from './assembly';
import { NagChange } from './report';

const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

type NagEntry = Omit<NagChange, 'change'>;

export function nagChanges(base: CloudAssembly, head: CloudAssembly): NagChange[] {
  const before = indexed(nagEntries(base));
  const after = indexed(nagEntries(head));
  const changes: NagChange[] = [];
  for (const [key, entry] of after) {
    const old = before.get(key);
    if (!old) changes.push({ ...entry, change: 'added' });
    else if (entry.kind === 'acknowledgement' && old.detail !== entry.detail) {
      changes.push({ ...entry, change: 'reason-changed' });
    }
  }
  for (const [key, entry] of before) if (!after.has(key)) changes.push({ ...entry, change: 'removed' });
  return changes.sort(
    (a, b) =>
      a.stack.localeCompare(b.stack) || a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId),
  );
}

function indexed(entries: NagEntry[]): Map<string, NagEntry> {
  return new Map(
    entries.map((entry) => [[entry.stack, entry.kind, entry.path, entry.ruleId].join('\u0000'), entry]),
  );
}

function nagEntries(assembly: CloudAssembly): NagEntry[] {
  const locate = locator(assembly.stacks);
  const findings = (assembly.validationReport?.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).flatMap((violation) =>
      (violation.violatingConstructs ?? []).map((construct) => ({
        ...locate(construct.constructPath),
        kind: 'finding' as const,
        ruleId: violation.ruleName,
        detail: violation.description,
      })),
    ),
  );
  const acknowledgements = assembly.stacks.flatMap((stack) =>
    Object.entries(stack.metadata).flatMap(([constructPath, entries]) =>
      entries
        .filter((entry) => entry.type === ACKNOWLEDGED_RULES)
        .flatMap((entry) =>
          Object.entries((entry.data ?? {}) as Record<string, string>).map(([id, reason]) => ({
            ...locate(constructPath),
            kind: 'acknowledgement' as const,
            // aws-cdk-lib qualifies the ids it stores (`Annotation::AwsSolutions-S1`).
            ruleId: id.replace(/^annotation::/i, ''),
            detail: reason,
          })),
        ),
    ),
  );
  return [...findings, ...acknowledgements];
}

/** Finds the stack and logical id of a construct path, from the stacks' logical-id metadata. */
function locator(stacks: readonly AssemblyStack[]) {
  const logicalIds = new Map<string, { stack: string; logicalId: string }>();
  const roots: { stack: string; root: string }[] = [];
  for (const stack of stacks) {
    const paths = Object.keys(stack.metadata).map(normalize);
    roots.push({ stack: stack.name, root: commonPrefix(paths) });
    for (const [logicalId, constructPath] of constructPaths(stack)) {
      logicalIds.set(constructPath, { stack: stack.name, logicalId });
    }
  }
  return (constructPath: string): Pick<NagEntry, 'stack' | 'path' | 'logicalId'> => {
    const path = normalize(constructPath);
    // An L2 construct's CloudFormation resource is its `Resource` child.
    const resource = logicalIds.get(path) ?? logicalIds.get(`${path}/Resource`);
    const stack =
      resource?.stack ??
      roots.find(({ root }) => root && (path === root || path.startsWith(`${root}/`)))?.stack ??
      path.split('/')[0];
    return { stack, path, logicalId: resource?.logicalId };
  };
}

function normalize(constructPath: string): string {
  return constructPath.replace(/^\/+/, '');
}

/** The longest common leading run of path segments. */
function commonPrefix(paths: string[]): string {
  if (paths.length === 0) return '';
  const segments = paths[0].split('/');
  let length = segments.length;
  for (const other of paths.slice(1)) {
    const parts = other.split('/');
    let i = 0;
    while (i < length && parts[i] === segments[i]) i += 1;
    length = i;
  }
  return segments.slice(0, length).join('/');
}
