/**
 * How the dynamic providers reach AWS: the same identity as the aws provider the component's other resources
 * use. The dynamic providers run in their own process with the CLI's environment, which knows nothing of the
 * stack's `aws:profile` or `aws:assumeRoles`, nor of an explicit `aws.Provider`; these inputs carry them.
 */

/** One role to assume, as `aws:assumeRoles` describes it (the AWS STS AssumeRole parameters). */
export interface AssumeRoleSettings {
  readonly roleArn: string;
  readonly sessionName?: string;
  readonly externalId?: string;
  /** Session duration in seconds (the stack config gives a Go duration such as `1h`). */
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly sourceIdentity?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly transitiveTagKeys?: readonly string[];
}

/** The identity a dynamic provider acts as. Stored as a secret (it may hold keys). */
export interface AwsConnection {
  /**
   * The account the component's aws provider acts in. A dynamic provider whose credentials resolve to
   * another account fails its `check`, so the preview stops before anything is created in the wrong place.
   */
  readonly accountId?: string;
  /** A named profile of the shared config files. */
  readonly profile?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  /** Roles assumed in order, each with the previous one's credentials. */
  readonly assumeRoles?: readonly AssumeRoleSettings[];
}
