// A program outside the repository that uses the component as users do: installed from npm, with no
// agent/executor arguments, so the reference apps shipped in the package are built.
const { AgentCoreVpcPlatform } = require("agentcore-vpc-platform");

const platform = new AgentCoreVpcPlatform("analytics", { runtimeName: "analytics_rt" });

module.exports = platform.outputs;
