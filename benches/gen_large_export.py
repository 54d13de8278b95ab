#!/usr/bin/env python3
"""Generates a large export in AWS CLI shapes for benchmarks: by default 20 regions, 50,000
security groups, 250,000 rules and 100,000 network interfaces (10% with public IPs), 200 VPCs
with internet gateways, public and private route tables and NACLs. Deterministic (fixed seed).

    python3 benches/gen_large_export.py OUT [--regions 20 --groups 50000 --rules 250000 --enis 100000]
"""

import argparse
import json
import pathlib
import random

REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
           "eu-central-1", "eu-north-1", "eu-south-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
           "ap-southeast-1", "ap-southeast-2", "sa-east-1", "me-south-1", "af-south-1", "ap-east-1", "eu-central-2"]
ACCOUNT = "123456789012"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--regions", type=int, default=20)
    ap.add_argument("--groups", type=int, default=50_000)
    ap.add_argument("--rules", type=int, default=250_000)
    ap.add_argument("--enis", type=int, default=100_000)
    a = ap.parse_args()
    rng = random.Random(42)
    out = pathlib.Path(a.out)
    per_region_groups = a.groups // a.regions
    per_region_enis = a.enis // a.regions
    rules_per_group = a.rules // a.groups
    for ri, region in enumerate(REGIONS[: a.regions]):
        d = out / region
        d.mkdir(parents=True, exist_ok=True)
        vpcs = [f"vpc-{ri:04x}{v:012x}" for v in range(10)]
        subnets = [(f"subnet-{ri:04x}{s:013x}", vpcs[s % 10], f"10.{s % 10}.{s // 10}.0/24") for s in range(100)]
        gids = [f"sg-{ri:04x}{g:013x}" for g in range(per_region_groups)]
        groups = []
        for g, gid in enumerate(gids):
            perms = []
            for k in range(rules_per_group):
                roll = rng.random()
                port = rng.choice([22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200, 3389])
                p = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}
                if roll < 0.05:
                    p["IpRanges"].append({"CidrIp": "0.0.0.0/0"})
                elif roll < 0.07:
                    p["Ipv6Ranges"].append({"CidrIpv6": "::/0"})
                elif roll < 0.55:
                    p["UserIdGroupPairs"].append({"GroupId": gids[rng.randrange(len(gids))], "UserId": ACCOUNT})
                else:
                    p["IpRanges"].append({"CidrIp": f"10.{rng.randrange(256)}.{rng.randrange(256)}.0/24", "Description": "app tier"})
                perms.append(p)
            groups.append({"Description": f"group {g}", "GroupName": f"group-{g}", "IpPermissions": perms, "OwnerId": ACCOUNT, "GroupId": gid,
                           "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}],
                           "VpcId": vpcs[g % 10], "Tags": [{"Key": "team", "Value": f"team-{g % 37}"}]})
        enis = []
        for e in range(per_region_enis):
            sid, vpc, cidr = subnets[e % 100]
            ip = f"{cidr.rsplit('.', 1)[0]}.{4 + e % 250}"
            eni = {"AvailabilityZone": f"{region}a", "Description": "", "Groups": [{"GroupId": gids[rng.randrange(int(len(gids) * 0.9))], "GroupName": "g"} for _ in range(rng.randint(1, 3))],
                   "InterfaceType": "interface", "Ipv6Addresses": [], "MacAddress": "0a:00:00:00:00:00", "NetworkInterfaceId": f"eni-{ri:04x}{e:013x}", "OwnerId": ACCOUNT,
                   "PrivateIpAddress": ip, "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": ip}], "RequesterManaged": False, "SourceDestCheck": True,
                   "Status": "in-use", "SubnetId": sid, "TagSet": [], "VpcId": vpc,
                   "Attachment": {"AttachmentId": f"eni-attach-{ri:04x}{e:013x}", "DeviceIndex": 0, "InstanceId": f"i-{ri:04x}{e:013x}", "InstanceOwnerId": ACCOUNT, "Status": "attached"}}
            if rng.random() < 0.1:
                eni["Association"] = {"IpOwnerId": "amazon", "PublicIp": f"54.{ri}.{e // 256 % 256}.{e % 256}"}
            enis.append(eni)
        (d / "security-groups.json").write_text(json.dumps({"SecurityGroups": groups}, indent=4))
        (d / "network-interfaces.json").write_text(json.dumps({"NetworkInterfaces": enis}, indent=4))
        (d / "vpcs.json").write_text(json.dumps({"Vpcs": [{"VpcId": v, "CidrBlock": f"10.{i}.0.0/16", "OwnerId": ACCOUNT, "IsDefault": False} for i, v in enumerate(vpcs)]}, indent=4))
        (d / "subnets.json").write_text(json.dumps({"Subnets": [{"SubnetId": s, "VpcId": v, "CidrBlock": c, "AvailabilityZone": f"{region}a"} for s, v, c in subnets]}, indent=4))
        (d / "managed-prefix-lists.json").write_text(json.dumps({"PrefixLists": []}))
        # Routing: an internet gateway per VPC; even subnets public (0.0.0.0/0 to the gateway),
        # odd ones private (0.0.0.0/0 to a NAT gateway, through the VPC's main table).
        igws = [{"InternetGatewayId": f"igw-{ri:04x}{i:012x}", "Attachments": [{"State": "available", "VpcId": v}]} for i, v in enumerate(vpcs)]
        tables = []
        for i, v in enumerate(vpcs):
            local = {"DestinationCidrBlock": f"10.{i}.0.0/16", "GatewayId": "local", "State": "active"}
            public = [sid for sid, vv, _ in subnets if vv == v and int(sid[-2:], 16) % 2 == 0]
            tables.append({"RouteTableId": f"rtb-{ri:04x}{2 * i:012x}", "VpcId": v, "Associations": [{"Main": True}],
                           "Routes": [local, {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": f"nat-{ri:04x}{i:012x}", "State": "active"}]})
            tables.append({"RouteTableId": f"rtb-{ri:04x}{2 * i + 1:012x}", "VpcId": v, "Associations": [{"Main": False, "SubnetId": sid} for sid in public],
                           "Routes": [local, {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igws[i]["InternetGatewayId"], "State": "active"},
                                      {"DestinationCidrBlock": "198.51.100.0/24", "NatGatewayId": f"nat-{ri:04x}{i:012x}", "State": "active"}]})
        acls = []
        for i, v in enumerate(vpcs):
            allow = lambda n, egress: {"RuleNumber": n, "Egress": egress, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}
            deny = lambda n, egress: {"RuleNumber": n, "Egress": egress, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"}
            mine = [sid for sid, vv, _ in subnets if vv == v]
            acls.append({"NetworkAclId": f"acl-{ri:04x}{2 * i:012x}", "VpcId": v, "IsDefault": True, "Associations": [{"SubnetId": sid} for sid in mine[1:]],
                         "Entries": [allow(100, False), allow(100, True), deny(32767, False), deny(32767, True)]})
            # One subnet per VPC with a hardened NACL: SSH and RDP denied from the internet.
            hardened = [{"RuleNumber": 10, "Egress": False, "Protocol": "6", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}},
                        {"RuleNumber": 20, "Egress": False, "Protocol": "6", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 3389, "To": 3389}},
                        allow(100, False), {"RuleNumber": 100, "Egress": True, "Protocol": "6", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 1024, "To": 65535}},
                        deny(32767, False), deny(32767, True)]
            acls.append({"NetworkAclId": f"acl-{ri:04x}{2 * i + 1:012x}", "VpcId": v, "IsDefault": False, "Associations": [{"SubnetId": mine[0]}], "Entries": hardened})
        (d / "internet-gateways.json").write_text(json.dumps({"InternetGateways": igws}, indent=4))
        (d / "route-tables.json").write_text(json.dumps({"RouteTables": tables}, indent=4))
        (d / "network-acls.json").write_text(json.dumps({"NetworkAcls": acls}, indent=4))


if __name__ == "__main__":
    main()
