/**
 * The fake behind every AWS and Docker resource and invoke: outputs, call results and the account's AZ map
 * come from the component's own mocks (`agentcore-vpc-platform/testing`), so a program sees the same shapes
 * here as under `pulumi.runtime.setMocks`; ids are AWS-shaped and the cloud remembers what exists.
 */
import { randomUUID } from "node:crypto";
import { mockAccountAnswers, mockCallResult, mockResourceOutputs } from "agentcore-vpc-platform/testing";
import type { MockAccountOptions, MockSubnet } from "agentcore-vpc-platform/testing";
import { awsShapedId, hasAwsShapedId, replacingChanges } from "./aws-ids";
import type { CheckResult, DiffResult, ReadResult, ResourceProvider, ResourceRef } from "./provider";
import { ProviderError } from "./provider";
import { isProviderType, nameOf } from "../engine/urn";
import { UNKNOWN, deepEqual } from "../wire/values";
import type { PropertyMap } from "../wire/values";

/** A resource the fake cloud holds. */
export interface CloudResource {
  readonly type: string;
  readonly urn: string;
  readonly id: string;
  /** Its outputs as last created or updated. */
  outputs: PropertyMap;
  /** Tags set through the EC2 API (CreateTags), on top of the resource's own. */
  readonly addedTags: Record<string, string>;
}

const SUBNET_TYPE = "aws:ec2/subnet:Subnet";

/** A held subnet as `aws.ec2.getSubnet` describes it: its own tags plus those added later. */
export function describeSubnet(subnet: CloudResource): MockSubnet {
  const tags = (subnet.outputs.tags ?? {}) as Record<string, string>;
  return {
    id: subnet.id,
    vpcId: String(subnet.outputs.vpcId),
    cidrBlock: String(subnet.outputs.cidrBlock),
    availabilityZoneId: String(subnet.outputs.availabilityZoneId),
    tags: { ...tags, ...subnet.addedTags },
  };
}

/** One provider call the fake answered, in order. */
export interface CloudCall {
  readonly operation: "create" | "update" | "delete" | "read";
  readonly type: string;
  readonly urn: string;
  readonly id: string;
}

export class FakeCloud implements ResourceProvider {
  /** Live resources by id. */
  readonly resources = new Map<string, CloudResource>();
  /** Every create, update, read and delete, in order. */
  readonly calls: CloudCall[] = [];
  /** Called with the id of every resource the cloud deletes. */
  onDelete: ((id: string) => void) | undefined;
  private readonly generations = new Map<string, number>();
  private readonly answers;

  /** @param account the account the fake answers as @default the mocks' default account */
  constructor(private readonly account: MockAccountOptions = {}) {
    this.answers = mockAccountAnswers(account);
  }

  /**
   * The result of a provider function; throws for a token the fake has no answer for. Subnet lookups see the
   * subnets the cloud holds (retained ones included), as AWS would.
   */
  invoke(token: string, args: PropertyMap): PropertyMap {
    const subnets = [...this.resources.values()].filter((r) => r.type === SUBNET_TYPE).map(describeSubnet);
    const calls = mockAccountAnswers({
      ...this.account,
      subnets: [...(this.account.subnets ?? []), ...subnets],
    }).calls;
    const answer = calls({ token, inputs: args }) ?? mockCallResult({ token, inputs: args });
    if (Object.keys(answer).length === 0) throw new Error(`the local engine has no fake answer for ${token}`);
    return answer;
  }

  /** The resource with this id, if it exists. */
  find(id: string): CloudResource | undefined {
    return this.resources.get(id);
  }

  async check(
    _resource: ResourceRef,
    _olds: PropertyMap | undefined,
    news: PropertyMap,
  ): Promise<CheckResult> {
    return { inputs: news, failures: [] };
  }

  async diff(
    resource: ResourceRef,
    _id: string,
    oldInputs: PropertyMap,
    _oldOutputs: PropertyMap,
    news: PropertyMap,
  ): Promise<DiffResult> {
    const keys = new Set([...Object.keys(oldInputs), ...Object.keys(news)]);
    const changed = [...keys].filter((k) => !deepEqual(oldInputs[k], news[k]));
    const replaces = isProviderType(resource.type) ? [] : replacingChanges(resource.type, changed);
    return { changes: changed.length > 0 ? "some" : "none", replaces, deleteBeforeReplace: false };
  }

  async create(resource: ResourceRef, news: PropertyMap): Promise<{ id: string; outputs: PropertyMap }> {
    const generation = (this.generations.get(resource.urn) ?? 0) + 1;
    this.generations.set(resource.urn, generation);
    const { mockId, outputs } = this.describe(resource, news);
    const id = this.newId(resource, outputs, mockId, generation);
    this.resources.set(id, { type: resource.type, urn: resource.urn, id, outputs, addedTags: {} });
    this.calls.push({ operation: "create", type: resource.type, urn: resource.urn, id });
    return { id, outputs };
  }

  async update(
    resource: ResourceRef,
    id: string,
    _oldInputs: PropertyMap,
    _oldOutputs: PropertyMap,
    news: PropertyMap,
  ): Promise<PropertyMap> {
    const held = this.resources.get(id);
    if (!held) throw new ProviderError(`${resource.type} ${id} does not exist`);
    this.calls.push({ operation: "update", type: resource.type, urn: resource.urn, id });
    held.outputs = this.describe(resource, news).outputs;
    return held.outputs;
  }

  async read(
    resource: ResourceRef,
    id: string,
    inputs: PropertyMap,
    outputs: PropertyMap,
  ): Promise<ReadResult | undefined> {
    this.calls.push({ operation: "read", type: resource.type, urn: resource.urn, id });
    return this.resources.has(id) ? { id, outputs, inputs } : undefined;
  }

  async delete(resource: ResourceRef, id: string): Promise<void> {
    this.calls.push({ operation: "delete", type: resource.type, urn: resource.urn, id });
    this.resources.delete(id);
    this.onDelete?.(id);
  }

  /** Adds tags written through the EC2 API (CreateTags) to the resources they name that the cloud holds. */
  applyTags(
    calls: readonly { resources: readonly string[]; tags: Readonly<Record<string, string>> }[],
  ): void {
    for (const call of calls) {
      for (const id of call.resources) Object.assign(this.resources.get(id)?.addedTags ?? {}, call.tags);
    }
  }

  previewOutputs(
    resource: ResourceRef,
    news: PropertyMap,
    old: { outputs: PropertyMap } | undefined,
  ): PropertyMap {
    if (!old) return { ...news };
    // What an update would compute, where it differs from what is in state, is not known until it runs.
    const planned = this.describe(resource, news).outputs;
    return Object.fromEntries(
      Object.entries(planned).map(([key, value]) => [
        key,
        key in news || deepEqual(value, old.outputs[key]) ? value : UNKNOWN,
      ]),
    );
  }

  /** The outputs of a resource with these inputs, and the id the mocks would give it. */
  private describe(resource: ResourceRef, news: PropertyMap): { mockId: string; outputs: PropertyMap } {
    if (isProviderType(resource.type)) return { mockId: randomUUID(), outputs: { ...news } };
    const args = { type: resource.type, name: nameOf(resource.urn), inputs: news };
    const { id, ...outputs } = {
      ...mockResourceOutputs(args),
      ...(this.answers.outputs(args) ?? {}),
    } as PropertyMap;
    return { mockId: String(id ?? `${args.name}-id`), outputs };
  }

  /** The id of a new resource: AWS-shaped where later steps rely on the shape, else the mocks'. */
  private newId(resource: ResourceRef, outputs: PropertyMap, mockId: string, generation: number): string {
    return hasAwsShapedId(resource.type)
      ? awsShapedId(resource.type, resource.urn, outputs, generation)
      : mockId;
  }
}
