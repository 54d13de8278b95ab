"""Populates moto with an account whose problems are known: an independent client (boto3),
not rampart, writes it. Prints nothing; writes {group name: group id} to the path given."""

import json
import sys

import boto3

planted = {}


def region(name, cidr):
    ec2 = boto3.client("ec2", region_name=name)
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr.replace("/16", "/24"))["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)

    def group(gname, *perms):
        gid = ec2.create_security_group(GroupName=gname, Description=gname, VpcId=vpc)["GroupId"]
        if perms:
            ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=list(perms))
        planted[f"{name}/{gname}"] = gid
        return gid

    return ec2, subnet, group


def tcp(port, *cidrs, to=None):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": to or port, "IpRanges": [{"CidrIp": c} for c in cidrs]}


ec2, subnet, group = region("us-east-1", "10.1.0.0/16")
ssh = group("ssh-open", tcp(22, "0.0.0.0/0"))
web = group("web", tcp(443, "0.0.0.0/0"), {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]})
group("db-open", tcp(5432, "0.0.0.0/0"))
split = group("rdp-split", tcp(3389, "0.0.0.0/1", "128.0.0.0/1"))
group("private-ssh", tcp(22, "10.0.0.0/8"))
ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=subnet, SecurityGroupIds=[ssh, web])
ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=subnet, SecurityGroupIds=[split])

ec2, subnet, group = region("eu-west-1", "10.2.0.0/16")
group("all-open", {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})
group("memcached-udp", {"IpProtocol": "udp", "FromPort": 11211, "ToPort": 11211, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]})

with open(sys.argv[1], "w") as f:
    json.dump(planted, f)
