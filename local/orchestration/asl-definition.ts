/**
 * The Amazon States Language of a synthesized state machine, as a JSON object: the template's
 * DefinitionString with each CloudFormation reference replaced by a stand-in value. This is
 * what runs locally (aws-local-stepfunctions) with every Task bound to a local handler.
 */
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** An ASL state; the fields vary by Type. */
export type AslState = { readonly Type: string } & Readonly<Record<string, unknown>>;

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
}

/** What references resolve to: an account and region of their own, so ARNs stay well formed. */
export interface StandInEnvironment {
  /** @default '123456789012' */
  readonly account?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
}

interface CfnTemplate {
  readonly Resources: Readonly<
    Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>
  >;
}

/** The definition of `stateMachine`, synthesizing its stack. */
export function definitionFromStack(
  stateMachine: sfn.StateMachine,
  environment: StandInEnvironment = {},
): AslDefinition {
  const stack = Stack.of(stateMachine);
  const logicalId = stack.getLogicalId(stateMachine.node.defaultChild as CfnElement);
  return definitionFromTemplate(Template.fromStack(stack).toJSON() as CfnTemplate, logicalId, environment);
}

/** The definition of the state machine `logicalId` of a synthesized template. */
export function definitionFromTemplate(
  template: CfnTemplate,
  logicalId: string,
  environment: StandInEnvironment = {},
): AslDefinition {
  const resource = template.Resources[logicalId];
  if (resource?.Type !== 'AWS::StepFunctions::StateMachine') {
    const machines = Object.keys(template.Resources).filter(
      (id) => template.Resources[id].Type === 'AWS::StepFunctions::StateMachine',
    );
    throw new Error(
      `no state machine "${logicalId}" in the template (state machines: ${machines.join(', ') || 'none'})`,
    );
  }
  const standIn = new StandIns(template, { account: '123456789012', region: 'us-east-1', ...environment });
  return JSON.parse(standIn.render(resource.Properties?.DefinitionString)) as AslDefinition;
}

/** Stand-in values for references: names for Ref, ARNs of the right service for Fn::GetAtt Arn. */
class StandIns {
  constructor(
    private readonly template: CfnTemplate,
    private readonly env: Required<StandInEnvironment>,
  ) {}

  render(value: unknown): string {
    if (typeof value === 'string') return value;
    const node = (value ?? {}) as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => this.render(part)).join(separator);
    }
    if (typeof node.Ref === 'string') return this.ref(node.Ref);
    if (Array.isArray(node['Fn::GetAtt'])) {
      const [id, attribute] = node['Fn::GetAtt'] as [string, string];
      return attribute === 'Arn' ? this.arn(id) : `${id}.${attribute}`;
    }
    throw new Error(`cannot stand in for ${JSON.stringify(value)} in a state machine definition`);
  }

  private ref(id: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': this.env.region,
      'AWS::AccountId': this.env.account,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    if (id in pseudo) return pseudo[id];
    // A topic's Ref is its ARN; every other resource the definition names is referred to by name.
    return this.type(id) === 'AWS::SNS::Topic' ? this.arn(id) : id.toLowerCase();
  }

  private arn(id: string): string {
    const { region, account } = this.env;
    const name = id.toLowerCase();
    switch (this.type(id)) {
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${account}:function:${name}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${region}:${account}:${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${region}:${account}:stateMachine:${name}`;
      default:
        return `arn:aws:cloudformation:${region}:${account}:stand-in/${name}`;
    }
  }

  private type(id: string): string | undefined {
    return this.template.Resources[id]?.Type;
  }
}
