import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { MAX_SUBNET_PREFIX, planSubnets, validateVpcCidr } from "./cidr";

function contains(outer: string, inner: string): boolean {
  const [address, prefix] = ipaddr.parseCIDR(inner);
  return address.match(ipaddr.parseCIDR(outer)) && prefix >= Number(outer.split("/")[1]);
}

function overlaps(a: string, b: string): boolean {
  return contains(a, b.replace(/\/\d+$/, "/32")) || contains(b, a.replace(/\/\d+$/, "/32"));
}

describe("validateVpcCidr", () => {
  it("accepts /16 to /24 network addresses", () => {
    expect(validateVpcCidr("10.0.0.0/16")).toBeUndefined();
    expect(validateVpcCidr("172.16.8.0/21")).toBeUndefined();
    expect(validateVpcCidr("192.168.1.0/24")).toBeUndefined();
  });

  it.each([
    ["10.0.0/16", /not an IPv4 CIDR/],
    ["10.0.0.0", /not an IPv4 CIDR/],
    ["fd00::/48", /not an IPv4 CIDR/],
    ["10.0.0.300/16", /not an IPv4 CIDR/],
    ["10.0.1.0/16", /host bits set; the block starts at 10\.0\.0\.0\/16/],
    ["10.0.0.0/8", /from \/16 to \/28/],
    ["10.0.0.0/25", /too small.*\/28.*\/27 or larger.*\/24 or larger/],
  ])("rejects %s with a message that names the fix", (cidr, message) => {
    expect(validateVpcCidr(cidr)).toMatch(message);
  });
});

describe("planSubnets", () => {
  it("cuts a /16 into /19 slots: private first, public after the four private slots", () => {
    expect(planSubnets("10.0.0.0/16", 3)).toEqual({
      private: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
      public: ["10.0.128.0/19", "10.0.160.0/19", "10.0.192.0/19"],
      subnetPrefix: 19,
    });
  });

  it("keeps existing subnets where they are when the AZ count grows", () => {
    const two = planSubnets("10.0.0.0/16", 2);
    const four = planSubnets("10.0.0.0/16", 4);
    expect(four.private.slice(0, 2)).toEqual(two.private);
    expect(four.public.slice(0, 2)).toEqual(two.public);
  });

  it("rejects invalid input", () => {
    expect(() => planSubnets("10.0.0.0/26", 2)).toThrow(/too small/);
    expect(() => planSubnets("10.0.0.0/16", 5)).toThrow(/from 1 to 4/);
  });

  it("property: subnets lie inside the VPC, never overlap, and are /27 or larger", () => {
    const cidrArb = fc
      .record({
        a: fc.integer({ min: 0, max: 255 }),
        b: fc.integer({ min: 0, max: 255 }),
        c: fc.integer({ min: 0, max: 255 }),
        prefix: fc.integer({ min: 16, max: 24 }),
      })
      .map(
        ({ a, b, c, prefix }) =>
          ipaddr.IPv4.networkAddressFromCIDR(`${a}.${b}.${c}.0/${prefix}`) + `/${prefix}`,
      );
    fc.assert(
      fc.property(cidrArb, fc.integer({ min: 1, max: 4 }), (vpc, azCount) => {
        const plan = planSubnets(vpc, azCount);
        const all = [...plan.private, ...plan.public];
        expect(all).toHaveLength(2 * azCount);
        expect(plan.subnetPrefix).toBeLessThanOrEqual(MAX_SUBNET_PREFIX);
        for (const subnet of all) {
          expect(contains(vpc, subnet), `${subnet} in ${vpc}`).toBe(true);
          expect(ipaddr.IPv4.networkAddressFromCIDR(subnet).toString()).toBe(subnet.split("/")[0]);
        }
        for (let i = 0; i < all.length; i++) {
          for (let j = i + 1; j < all.length; j++) {
            expect(overlaps(all[i] as string, all[j] as string), `${all[i]} vs ${all[j]}`).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
