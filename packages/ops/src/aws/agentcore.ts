/**
 * What AWS itself puts into the account for a VPC-mode AgentCore runtime (not the platform's names): the
 * runtime's network interfaces and the service-linked role that creates them. Doctor checks them; the sweep
 * waits for them.
 */

/** Tag (value "true") AWS puts on the ENIs it creates for AgentCore runtimes. */
export const AGENTCORE_ENI_TAG = "AmazonBedrockAgentCoreManaged";

/** EC2 `InterfaceType` of AgentCore runtime ENIs. */
export const AGENTCORE_INTERFACE_TYPE = "agentic_ai";

/** The service-linked role AgentCore creates the ENIs with. */
export const SERVICE_LINKED_ROLE = "AWSServiceRoleForBedrockAgentCoreNetwork";

/** The service that role belongs to (for `aws iam create-service-linked-role`). */
export const SERVICE_LINKED_ROLE_SERVICE = "network.bedrock-agentcore.amazonaws.com";

/** After a runtime is deleted, AWS may keep its ENIs (and so block their subnets and groups) this long. */
export const ENI_RELEASE_HOURS = 8;
