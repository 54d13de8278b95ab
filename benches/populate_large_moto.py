#!/usr/bin/env python3
"""Populates moto with the live benchmark's account: in each of two regions a VPC, 1,000
security groups with 5 ingress rules each, and 500 instances (2,000 groups, 10,000 rules and
1,000 instances in all). Deterministic; boto3 against AWS_ENDPOINT_URL."""

import boto3

for region, cidr in (("us-east-1", "10.10.0.0/16"), ("eu-west-1", "10.20.0.0/16")):
    ec2 = boto3.client("ec2", region_name=region)
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr.replace("/16", "/20"))["Subnet"]["SubnetId"]
    groups = []
    for g in range(1000):
        gid = ec2.create_security_group(GroupName=f"bench-{g}", Description="bench", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 1000 + r, "ToPort": 1000 + r, "IpRanges": [{"CidrIp": f"10.{g % 250}.{r}.0/24"}]}
            for r in range(5)])
        groups.append(gid)
    for i in range(0, 500, 50):
        ec2.run_instances(ImageId="ami-12c6146b", MinCount=50, MaxCount=50, InstanceType="t3.micro", SubnetId=subnet,
                          SecurityGroupIds=groups[i:i + 2])
