/** The review as Markdown, for a pull-request comment or a terminal. */
import { DEFAULT_ALLOW_FILE } from './allow';
import { ReviewReport } from './report';

export function renderMarkdown(report: ReviewReport): string {
  if (!report.changes)
    return '### Template review: no changes\n\nBoth assemblies hold the same templates and cdk-nag results.\n';
  const lines: string[] = [`### Template review: ${headline(report)}`, ''];
  lines.push(
    ...table(
      ['Stack', 'Status', 'Added', 'Removed', 'Replaced', 'Updated'],
      report.stacks.map(({ stack, status, resources: r }) => [
        code(stack),
        status,
        String(r.added.length),
        String(r.removed.length),
        String(r.replaced.length),
        String(r.updated.length),
      ]),
    ),
  );

  if (report.blocking.length) {
    section(lines, '⛔ Blocking: data would be lost or stranded');
    lines.push(
      ...table(
        ['Stack', 'Resource', 'Type', 'Change', 'Why'],
        report.blocking.map((b) => [
          code(b.stack),
          code(b.logicalId),
          code(b.type),
          b.change,
          text(b.reason),
        ]),
      ),
      '',
      `If the change is intended, add \`{ "logicalId": "…", "reason": "…" }\` to \`${DEFAULT_ALLOW_FILE}\` ` +
        'in the same pull request (or pass `--allow LOGICAL_ID` locally).',
    );
  }
  if (report.allowed.length) {
    section(lines, 'Allowed stateful changes');
    lines.push(
      ...table(
        ['Stack', 'Resource', 'Type', 'Change', 'Allowed because'],
        report.allowed.map((a) => [
          code(a.stack),
          code(a.logicalId),
          code(a.type),
          a.change,
          text(a.allowedBecause),
        ]),
      ),
    );
  }
  const replaced = report.stacks.flatMap(({ stack, resources }) =>
    resources.replaced.map((r) => ({ stack, ...r })),
  );
  if (replaced.length) {
    section(lines, 'Replaced');
    lines.push(
      ...table(
        ['Stack', 'Resource', 'Type', 'Forced by'],
        replaced.map((r) => [
          code(r.stack),
          code(r.logicalId),
          code(r.type),
          `${r.certainty === 'may' ? 'may be, by ' : ''}${r.causes.map(code).join(', ')}`,
        ]),
      ),
    );
  }
  const removed = report.stacks.flatMap(({ stack, resources }) =>
    resources.removed.map((r) => ({ stack, ...r })),
  );
  if (removed.length) {
    section(lines, 'Removed');
    lines.push(
      ...table(
        ['Stack', 'Resource', 'Type', 'Path'],
        removed.map((r) => [code(r.stack), code(r.logicalId), code(r.type), code(r.path ?? '')]),
      ),
    );
  }
  if (report.iam.length) {
    section(lines, 'IAM');
    lines.push(
      ...table(
        ['Stack', 'Resource', 'Change', 'Effect', 'Actions', 'Resources', 'Principals', 'Flags'],
        report.iam.map((i) => [
          code(i.stack),
          code(i.logicalId),
          i.change,
          i.effect,
          i.actions.map(code).join(' '),
          i.resources.map(code).join(' '),
          i.principals.map(code).join(' '),
          i.flags.map((flag) => `**${flag}**`).join(' '),
        ]),
      ),
    );
  }
  if (report.exposure.length) {
    section(lines, 'Network exposure');
    lines.push(
      ...table(
        ['Stack', 'Resource', 'Detail'],
        report.exposure.map((e) => [code(e.stack), code(e.logicalId), text(e.detail)]),
      ),
    );
  }
  if (report.encryption.length) {
    section(lines, 'Encryption');
    lines.push(
      ...table(
        ['Stack', 'Resource', 'Type', 'Detail'],
        report.encryption.map((e) => [code(e.stack), code(e.logicalId), code(e.type), text(e.detail)]),
      ),
    );
  }
  if (report.policies.length) {
    section(lines, 'Removal policies');
    lines.push(
      ...table(
        ['Stack', 'Resource', 'Type', 'Attribute', 'Change'],
        report.policies.map((p) => [
          code(p.stack),
          code(p.logicalId),
          code(p.type),
          p.attribute,
          `${p.from} → ${p.to}`,
        ]),
      ),
    );
  }
  if (report.nag.length) {
    section(lines, 'cdk-nag');
    lines.push(
      ...table(
        ['Stack', 'Construct', 'Rule', 'Kind', 'Change', 'Detail'],
        report.nag.map((n) => [
          code(n.stack),
          code(n.path),
          code(n.ruleId),
          n.kind,
          n.change,
          text(n.detail),
        ]),
      ),
    );
  }
  const added = report.stacks.flatMap(({ stack, resources }) =>
    resources.added.map((r) => ({ stack, ...r })),
  );
  if (added.length) {
    details(
      lines,
      `Added (${added.length})`,
      table(
        ['Stack', 'Resource', 'Type', 'Path'],
        added.map((r) => [code(r.stack), code(r.logicalId), code(r.type), code(r.path ?? '')]),
      ),
    );
  }
  const updated = report.stacks.flatMap(({ stack, resources }) =>
    resources.updated.map((r) => ({ stack, ...r })),
  );
  if (updated.length) {
    details(
      lines,
      `Updated in place (${updated.length})`,
      table(
        ['Stack', 'Resource', 'Type', 'Changed'],
        updated.map((u) => [
          code(u.stack),
          code(u.logicalId),
          code(u.type),
          [...u.properties, ...u.attributes].map(code).join(' '),
        ]),
      ),
    );
  }
  if (report.unusedAllowances.length) {
    section(lines, 'Allowances that matched nothing');
    for (const u of report.unusedAllowances) {
      lines.push(
        `- ${code(u.logicalId)}${u.stack ? ` in ${code(u.stack)}` : ''} (${text(u.source)}): stale, or a typo`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function headline(report: ReviewReport): string {
  const n = report.blocking.length;
  if (n) return `⛔ ${n} blocking change${n === 1 ? '' : 's'}`;
  const allowed = report.allowed.length ? ` (${report.allowed.length} allowed)` : '';
  return `no blocking changes${allowed}`;
}

function section(lines: string[], title: string): void {
  lines.push('', `#### ${title}`, '');
}

function details(lines: string[], summary: string, body: string[]): void {
  lines.push('', `<details><summary>${summary}</summary>`, '', ...body, '', '</details>');
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** Inline code that survives a table cell: GitHub reads `\|` as a pipe even inside code. */
function code(value: string): string {
  return value ? `\`${value.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\s+/g, ' ')}\`` : '';
}

/** Free text (reasons, descriptions from the templates) as one table cell, with no HTML. */
function text(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
