/** TCP ports the parts listen on and connect to. */
export const PORTS = {
  /** The executor server inside its task; the target group forwards here. */
  executor: 8080,
  /** The internal ALB's listener (plain HTTP inside the VPC); the agent's EXECUTOR_URL points here. */
  albListener: 80,
  /** The agent container: AgentCore's HTTP protocol contract fixes 8080 (/ping, /invocations). */
  agent: 8080,
  /** The executor of `npm run dev`, beside the local agent on 8080. */
  localExecutor: 8081,
  /** The local web console. */
  console: 3000,
} as const;
