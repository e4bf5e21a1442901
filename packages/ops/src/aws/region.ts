/** AWS region names as the commands accept them: `us-east-1`, `eu-west-2`, `us-gov-west-1`. */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function isRegionName(name: string): boolean {
  return REGION_NAME.test(name);
}
