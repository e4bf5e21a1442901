/**
 * Test support for programs that use the component, published as `agentcore-vpc-platform/testing`: a
 * recording mock monitor, mock AWS accounts, a local fake of the AgentCore control plane, and a loader that
 * runs a serialized dynamic provider the way Pulumi's provider host does.
 */
export {
  MOCK_ACCOUNT_ID,
  MOCK_PARTITION,
  MOCK_REGION,
  ResourceRecorder,
  fakeDigest,
  installMocks,
  isKnown,
  mockCallResult,
  mockResourceOutputs,
  outputOf,
  type InstallMocksOptions,
  type MockCallDescription,
  type MockResourceDescription,
  type RecordedCall,
  type RecordedResource,
} from "./mocks";
export {
  HOSTILE_US_EAST_1,
  S3_PREFIX_LIST,
  mockAccount,
  mockAccountAnswers,
  type MockAccountAnswers,
  type MockAccountOptions,
  type MockSubnet,
} from "./accounts";
export { placeholderContexts, type PlaceholderContexts } from "./contexts";
export { FakeControlPlane, faults } from "./fake-control-plane";
export { FakeCloudWatchLogs, type FakeLogGroup } from "./fake-cloudwatch-logs";
export { FakeEc2Endpoint, type TagCall } from "./fake-ec2-endpoint";
export { FakeSts, signingKeyId, type StsCall } from "./fake-sts";
export type { FakeControlPlaneOptions, FakeError, FakeRuntime, RecordedRequest } from "./fake-wire";
export { sampleInputs, startHarness, testEnvironment, type Harness } from "./provider-harness";
export { loadSerializedProvider } from "./serialized-provider";
