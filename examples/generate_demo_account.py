#!/usr/bin/env python3
"""Writes examples/demo-account: an export of a realistic, deliberately insecure AWS account
in the shapes the AWS CLI writes (`aws ... --output json`), as `rampart export-script` lays it
out. PLANTED.md says what is wrong with it. Deterministic: run it again, get the same files."""

import base64
import json
import pathlib
import shutil

ACCOUNT = "123456789012"
OUT = pathlib.Path(__file__).resolve().parent / "demo-account"


def tags(**kv):
    return [{"Key": k, "Value": v} for k, v in kv.items()]


def perm(proto, frm=None, to=None, v4=(), v6=(), groups=(), pls=(), desc=None):
    p = {"IpProtocol": proto, "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}
    if frm is not None:
        p["FromPort"], p["ToPort"] = frm, to
    for c in v4:
        p["IpRanges"].append({"CidrIp": c, **({"Description": desc} if desc else {})})
    for c in v6:
        p["Ipv6Ranges"].append({"CidrIpv6": c})
    for g in groups:
        p["UserIdGroupPairs"].append({"GroupId": g, "UserId": ACCOUNT})
    for pl in pls:
        p["PrefixListIds"].append({"PrefixListId": pl})
    return p


ALL_OUT = [perm("-1", v4=["0.0.0.0/0"])]


def sg(gid, name, vpc, ingress, egress=None, **tagkv):
    return {"Description": name, "GroupName": name, "IpPermissions": ingress, "OwnerId": ACCOUNT, "GroupId": gid,
            "IpPermissionsEgress": ALL_OUT if egress is None else egress, "VpcId": vpc,
            **({"Tags": tags(**tagkv)} if tagkv else {})}


def eni(eid, subnet, vpc, az, private_ip, groups, instance=None, public=None, ipv6=(), kind="interface", desc="", requester=False):
    e = {"AvailabilityZone": az, "Description": desc, "Groups": [{"GroupName": g, "GroupId": g} for g in groups],
         "InterfaceType": kind, "Ipv6Addresses": [{"Ipv6Address": a} for a in ipv6], "MacAddress": "0a:00:00:00:00:00",
         "NetworkInterfaceId": eid, "OwnerId": ACCOUNT, "PrivateIpAddress": private_ip,
         "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": private_ip}], "RequesterManaged": requester,
         "SourceDestCheck": True, "Status": "in-use", "SubnetId": subnet, "TagSet": [], "VpcId": vpc}
    if instance:
        e["Attachment"] = {"AttachmentId": "eni-attach-" + eid[4:], "DeleteOnTermination": True, "DeviceIndex": 0,
                           "InstanceId": instance, "InstanceOwnerId": ACCOUNT, "Status": "attached"}
    if public:
        assoc = {"IpOwnerId": "amazon", "PublicDnsName": "", "PublicIp": public}
        e["Association"] = assoc
        e["PrivateIpAddresses"][0]["Association"] = assoc
    return e


def instance(iid, name, subnet, vpc, az, private_ip, groups, eni_id, public=None, ipv6=(), tokens="optional",
             profile=None, platform="Linux/UNIX", itype="t3.medium", extra_tags=None):
    i = {"AmiLaunchIndex": 0, "ImageId": "ami-0abcdef1234567890", "InstanceId": iid, "InstanceType": itype,
         "LaunchTime": "2026-06-01T09:00:00+00:00", "Placement": {"AvailabilityZone": az, "Tenancy": "default"},
         "PrivateIpAddress": private_ip, "State": {"Code": 16, "Name": "running"}, "SubnetId": subnet, "VpcId": vpc,
         "PlatformDetails": platform, "SecurityGroups": [{"GroupName": g, "GroupId": g} for g in groups],
         "NetworkInterfaces": [{"NetworkInterfaceId": eni_id, "Ipv6Addresses": [{"Ipv6Address": a} for a in ipv6]}],
         "MetadataOptions": {"State": "applied", "HttpTokens": tokens, "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled"},
         "Tags": tags(Name=name, **(extra_tags or {}))}
    if public:
        i["PublicIpAddress"] = public
    if ipv6:
        i["Ipv6Address"] = ipv6[0]
    if profile:
        i["IamInstanceProfile"] = {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{profile}", "Id": "AIPAEXAMPLE"}
    return i


def nacl(nid, vpc, subnets, default=True):
    entries = []
    for egress in (False, True):
        entries.append({"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100})
        entries.append({"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767})
        entries.append({"Ipv6CidrBlock": "::/0", "Egress": egress, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 101})
        entries.append({"Ipv6CidrBlock": "::/0", "Egress": egress, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768})
    return {"Associations": [{"NetworkAclAssociationId": f"aclassoc-{s[7:]}", "NetworkAclId": nid, "SubnetId": s} for s in subnets],
            "Entries": entries, "IsDefault": default, "NetworkAclId": nid, "Tags": [], "VpcId": vpc, "OwnerId": ACCOUNT}


def write(path, doc):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=4) + "\n")


def us_east_1():
    r, vpc, az_a, az_b = "us-east-1", "vpc-0a1b2c3d4e5f60001", "us-east-1a", "us-east-1b"
    pub_a, pub_b, app_a, data_a = "subnet-0aa0000000000001", "subnet-0aa0000000000002", "subnet-0aa0000000000003", "subnet-0aa0000000000004"
    sg_alb, sg_bastion, sg_app, sg_db, sg_dc = "sg-0a000000000000001", "sg-0a000000000000002", "sg-0a000000000000003", "sg-0a000000000000004", "sg-0a000000000000005"
    sg_legacy, sg_jenkins, sg_default, sg_ssm = "sg-0a000000000000006", "sg-0a000000000000007", "sg-0a000000000000008", "sg-0a000000000000009"
    sg_internal = "sg-0a000000000000010"
    files = {}
    files["vpcs.json"] = {"Vpcs": [{"CidrBlock": "10.0.0.0/16", "DhcpOptionsId": "dopt-0a1", "State": "available", "VpcId": vpc, "OwnerId": ACCOUNT,
                                    "InstanceTenancy": "default", "IsDefault": False,
                                    "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-0a1", "CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}}],
                                    "Ipv6CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-0a2", "Ipv6CidrBlock": "2600:1f18:1234:5600::/56", "Ipv6CidrBlockState": {"State": "associated"}, "NetworkBorderGroup": r}],
                                    "Tags": tags(Name="prod")}]}
    def subnet(sid, cidr, az, name, public, v6=None):
        s = {"AvailabilityZone": az, "AvailableIpAddressCount": 250, "CidrBlock": cidr, "DefaultForAz": False, "MapPublicIpOnLaunch": public,
             "State": "available", "SubnetId": sid, "VpcId": vpc, "OwnerId": ACCOUNT, "Ipv6CidrBlockAssociationSet": [], "Tags": tags(Name=name)}
        if v6:
            s["Ipv6CidrBlockAssociationSet"] = [{"AssociationId": "subnet-cidr-assoc-" + sid[7:], "Ipv6CidrBlock": v6, "Ipv6CidrBlockState": {"State": "associated"}}]
        return s
    files["subnets.json"] = {"Subnets": [subnet(pub_a, "10.0.0.0/24", az_a, "public-a", True, "2600:1f18:1234:5600::/64"),
                                         subnet(pub_b, "10.0.1.0/24", az_b, "public-b", True),
                                         subnet(app_a, "10.0.10.0/24", az_a, "app-a", False),
                                         subnet(data_a, "10.0.20.0/24", az_a, "data-a", False, "2600:1f18:1234:5614::/64")]}
    igw, nat = "igw-0a00000000000001", "nat-0a00000000000001"
    files["internet-gateways.json"] = {"InternetGateways": [{"Attachments": [{"State": "available", "VpcId": vpc}], "InternetGatewayId": igw, "OwnerId": ACCOUNT, "Tags": tags(Name="prod-igw")}]}
    files["nat-gateways.json"] = {"NatGateways": [{"CreateTime": "2026-01-10T10:00:00.000Z", "NatGatewayAddresses": [{"AllocationId": "eipalloc-0a1", "NetworkInterfaceId": "eni-0a0000000000000nat", "PrivateIp": "10.0.0.50", "PublicIp": "3.210.10.20"}],
                                                   "NatGatewayId": nat, "State": "available", "SubnetId": pub_a, "VpcId": vpc, "ConnectivityType": "public", "Tags": tags(Name="prod-nat")}]}
    files["egress-only-internet-gateways.json"] = {"EgressOnlyInternetGateways": []}
    files["route-tables.json"] = {"RouteTables": [
        {"Associations": [{"Main": True, "RouteTableAssociationId": "rtbassoc-0a1", "RouteTableId": "rtb-0a0000000000001", "AssociationState": {"State": "associated"}}],
         "RouteTableId": "rtb-0a0000000000001", "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}],
         "VpcId": vpc, "OwnerId": ACCOUNT, "Tags": tags(Name="main")},
        {"Associations": [{"Main": False, "RouteTableAssociationId": f"rtbassoc-0a{i}", "RouteTableId": "rtb-0a0000000000002", "SubnetId": s, "AssociationState": {"State": "associated"}} for i, s in ((2, pub_a), (3, pub_b))],
         "RouteTableId": "rtb-0a0000000000002", "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                                                          {"DestinationIpv6CidrBlock": "2600:1f18:1234:5600::/56", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                                                          {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"},
                                                          {"DestinationIpv6CidrBlock": "::/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"}],
         "VpcId": vpc, "OwnerId": ACCOUNT, "Tags": tags(Name="public")},
        {"Associations": [{"Main": False, "RouteTableAssociationId": f"rtbassoc-0a{i}", "RouteTableId": "rtb-0a0000000000003", "SubnetId": s, "AssociationState": {"State": "associated"}} for i, s in ((4, app_a), (5, data_a))],
         "RouteTableId": "rtb-0a0000000000003", "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                                                          {"DestinationIpv6CidrBlock": "2600:1f18:1234:5600::/56", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                                                          {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat, "Origin": "CreateRoute", "State": "active"},
                                                          {"DestinationIpv6CidrBlock": "::/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"}],
         "VpcId": vpc, "OwnerId": ACCOUNT, "Tags": tags(Name="private")}]}
    files["network-acls.json"] = {"NetworkAcls": [nacl("acl-0a00000000000001", vpc, [pub_a, pub_b, app_a, data_a])]}
    files["managed-prefix-lists.json"] = {"PrefixLists": [
        {"PrefixListId": "pl-63a5400a", "AddressFamily": "IPv4", "State": "create-complete", "PrefixListArn": "arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a", "PrefixListName": "com.amazonaws.us-east-1.s3", "Tags": [], "OwnerId": "AWS"},
        {"PrefixListId": "pl-0a00000000000001", "AddressFamily": "IPv4", "State": "create-complete", "PrefixListArn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:prefix-list/pl-0a00000000000001", "PrefixListName": "office-networks", "MaxEntries": 10, "Version": 3, "Tags": [], "OwnerId": ACCOUNT}]}
    files["prefix-list-entries-pl-0a00000000000001.json"] = {"ManagedPrefixListEntries": [{"PrefixListId": "pl-0a00000000000001", "Entries": [{"Cidr": "198.51.100.0/24", "Description": "HQ"}, {"Cidr": "203.0.113.0/24", "Description": "Branch"}]}]}
    files["prefix-list-entries-pl-63a5400a.json"] = {"ManagedPrefixListEntries": [{"PrefixListId": "pl-63a5400a", "Entries": [{"Cidr": "3.5.0.0/19"}, {"Cidr": "16.182.0.0/16"}, {"Cidr": "52.216.0.0/15"}, {"Cidr": "54.231.0.0/16"}]}]}
    ad_ports = [perm("tcp", p, q, v4=["10.0.0.0/8"]) for p, q in ((53, 53), (88, 88), (135, 135), (389, 389), (445, 445), (636, 636), (3268, 3269))]
    files["security-groups.json"] = {"SecurityGroups": [
        sg(sg_alb, "web-alb", vpc, [perm("tcp", 80, 80, v4=["0.0.0.0/0"], v6=["::/0"]), perm("tcp", 443, 443, v4=["0.0.0.0/0"], v6=["::/0"])], **{"aws:cloudformation:stack-name": "web"}),
        sg(sg_bastion, "bastion", vpc, [perm("tcp", 22, 22, v4=["0.0.0.0/0"], desc="temporary - remove after migration"), perm("tcp", 22, 22, pls=["pl-0a00000000000001"])]),
        sg(sg_app, "app", vpc, [perm("tcp", 8080, 8080, groups=[sg_alb]), perm("tcp", 22, 22, v4=["0.0.0.0/1", "128.0.0.0/1"], desc="vendor support")]),
        sg(sg_db, "database", vpc, [perm("tcp", 5432, 5432, groups=[sg_app]), perm("tcp", 3306, 3306, v4=["0.0.0.0/0"], desc="legacy reporting tool")], egress=[]),
        sg(sg_dc, "domain-controllers", vpc, ad_ports + [perm("tcp", 3389, 3389, v6=["::/0"]), perm("-1", groups=[sg_bastion])]),
        sg(sg_internal, "internal-all", vpc, [perm("-1", groups=[sg_internal])]),
        sg(sg_legacy, "legacy-debug", vpc, [perm("-1", v4=["0.0.0.0/0"])]),
        sg(sg_jenkins, "old-jenkins", vpc, [perm("tcp", 8080, 8080, groups=["sg-0deadbeef0000001"]), perm("tcp", 22, 22, pls=["pl-0a00000000000001"])]),
        sg(sg_default, "default", vpc, [perm("-1", groups=[sg_default])]),
        sg(sg_ssm, "vpc-endpoints", vpc, [perm("tcp", 443, 443, v4=["10.0.0.0/16"])], egress=[]),
    ]}
    files["network-interfaces.json"] = {"NetworkInterfaces": [
        eni("eni-0a00000000000001", pub_a, vpc, az_a, "10.0.0.10", [sg_bastion], "i-0a00000000000001", public="54.210.33.44", desc="bastion"),
        eni("eni-0a00000000000002", pub_a, vpc, az_a, "10.0.0.20", [sg_alb], public="34.200.10.11", kind="interface", desc="ELB app/prod-web/50dc6c495c0c9188", requester=True),
        eni("eni-0a00000000000003", pub_b, vpc, az_b, "10.0.1.20", [sg_alb], public="34.200.10.12", kind="interface", desc="ELB app/prod-web/50dc6c495c0c9188", requester=True),
        eni("eni-0a00000000000004", app_a, vpc, az_a, "10.0.10.11", [sg_app], "i-0a00000000000002", desc="app-1"),
        eni("eni-0a00000000000005", app_a, vpc, az_a, "10.0.10.12", [sg_app, sg_default, sg_internal], "i-0a00000000000003", desc="app-2"),
        eni("eni-0a00000000000006", data_a, vpc, az_a, "10.0.20.5", [sg_db], desc="RDSNetworkInterface", requester=True),
        eni("eni-0a00000000000007", data_a, vpc, az_a, "10.0.20.10", [sg_dc, sg_internal], "i-0a00000000000004", ipv6=["2600:1f18:1234:5614::10"], desc="dc-1"),
        eni("eni-0a00000000000008", app_a, vpc, az_a, "10.0.10.200", [sg_ssm], kind="vpc_endpoint", desc="VPC Endpoint Interface vpce-0a1", requester=True),
        eni("eni-0a0000000000000nat", pub_a, vpc, az_a, "10.0.0.50", [], public="3.210.10.20", kind="nat_gateway", desc="Interface for NAT Gateway nat-0a00000000000001", requester=True),
    ]}
    files["instances.json"] = {"Reservations": [{"Groups": [], "OwnerId": ACCOUNT, "ReservationId": "r-0a1", "Instances": [
        instance("i-0a00000000000001", "bastion", pub_a, vpc, az_a, "10.0.0.10", [sg_bastion], "eni-0a00000000000001", public="54.210.33.44", itype="t3.micro"),
        instance("i-0a00000000000002", "app-1", app_a, vpc, az_a, "10.0.10.11", [sg_app], "eni-0a00000000000004", tokens="required", profile="app-role"),
        instance("i-0a00000000000003", "app-2", app_a, vpc, az_a, "10.0.10.12", [sg_app, sg_default, sg_internal], "eni-0a00000000000005", profile="app-role"),
        instance("i-0a00000000000004", "dc-1", data_a, vpc, az_a, "10.0.20.10", [sg_dc, sg_internal], "eni-0a00000000000007", ipv6=["2600:1f18:1234:5614::10"],
                 platform="Windows", itype="m5.large", extra_tags={"Role": "ad"})]}]}
    files["addresses.json"] = {"Addresses": [{"AllocationId": "eipalloc-0a1", "AssociationId": "eipassoc-0a1", "Domain": "vpc", "NetworkInterfaceId": "eni-0a0000000000000nat", "PrivateIpAddress": "10.0.0.50", "PublicIp": "3.210.10.20", "NetworkBorderGroup": r}]}
    files["vpc-endpoints.json"] = {"VpcEndpoints": [{"VpcEndpointId": "vpce-0a1", "VpcEndpointType": "Interface", "VpcId": vpc, "ServiceName": "com.amazonaws.us-east-1.ssm", "State": "available",
                                                     "RouteTableIds": [], "SubnetIds": [app_a], "Groups": [{"GroupId": sg_ssm, "GroupName": "vpc-endpoints"}], "PrivateDnsEnabled": True, "NetworkInterfaceIds": ["eni-0a00000000000008"], "OwnerId": ACCOUNT}]}
    files["vpc-peering-connections.json"] = {"VpcPeeringConnections": []}
    files["flow-logs.json"] = {"FlowLogs": []}
    lb_arn = f"arn:aws:elasticloadbalancing:{r}:{ACCOUNT}:loadbalancer/app/prod-web/50dc6c495c0c9188"
    tg_arn = f"arn:aws:elasticloadbalancing:{r}:{ACCOUNT}:targetgroup/prod-app/73e2d6bc24d8a067"
    files["load-balancers.json"] = {"LoadBalancers": [{"LoadBalancerArn": lb_arn, "DNSName": "prod-web-1234567890.us-east-1.elb.amazonaws.com", "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K",
                                                       "CreatedTime": "2026-01-10T10:00:00.000Z", "LoadBalancerName": "prod-web", "Scheme": "internet-facing", "VpcId": vpc, "State": {"Code": "active"},
                                                       "Type": "application", "AvailabilityZones": [{"ZoneName": az_a, "SubnetId": pub_a}, {"ZoneName": az_b, "SubnetId": pub_b}],
                                                       "SecurityGroups": [sg_alb], "IpAddressType": "ipv4"}]}
    files["listeners-prod-web.json"] = {"Listeners": [
        {"ListenerArn": lb_arn.replace(":loadbalancer/", ":listener/") + "/0467ef3c8400ae65", "LoadBalancerArn": lb_arn, "Port": 80, "Protocol": "HTTP",
         "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg_arn, "Order": 1}]},
        {"ListenerArn": lb_arn.replace(":loadbalancer/", ":listener/") + "/1467ef3c8400ae66", "LoadBalancerArn": lb_arn, "Port": 443, "Protocol": "HTTPS",
         "SslPolicy": "ELBSecurityPolicy-2016-08", "Certificates": [{"CertificateArn": f"arn:aws:acm:{r}:{ACCOUNT}:certificate/3dcb0a41-bd72-4774-9ad9-756919c40557"}],
         "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg_arn, "Order": 1}]}]}
    files["target-groups.json"] = {"TargetGroups": [{"TargetGroupArn": tg_arn, "TargetGroupName": "prod-app", "Protocol": "HTTP", "Port": 8080, "VpcId": vpc, "TargetType": "instance",
                                                     "HealthCheckProtocol": "HTTP", "HealthCheckPort": "traffic-port", "LoadBalancerArns": [lb_arn]}]}
    files["target-health-prod-app.json"] = {"LoadBalancerTargetHealth": [{"TargetGroupArn": tg_arn, "TargetHealthDescriptions": [
        {"Target": {"Id": "i-0a00000000000002", "Port": 8080}, "HealthCheckPort": "8080", "TargetHealth": {"State": "healthy"}},
        {"Target": {"Id": "i-0a00000000000003", "Port": 8080}, "HealthCheckPort": "8080", "TargetHealth": {"State": "healthy"}}]}]}
    # `describe-rules` of each listener: the default rule only (what AWS answers for a listener without rules).
    for lid in ("0467ef3c8400ae65", "1467ef3c8400ae66"):
        rule_arn = lb_arn.replace(":loadbalancer/", ":listener-rule/") + f"/{lid}/default"
        files[f"listener-rules-prod-web-{lid}.json"] = {"Rules": [{"RuleArn": rule_arn, "Priority": "default", "Conditions": [],
            "Actions": [{"Type": "forward", "TargetGroupArn": tg_arn, "Order": 1}], "IsDefault": True}]}
    files["target-group-attributes-prod-app.json"] = {"TargetGroupAttributes": [{"TargetGroupArn": tg_arn, "Attributes": [
        {"Key": "stickiness.enabled", "Value": "false"}, {"Key": "deregistration_delay.timeout_seconds", "Value": "300"},
        {"Key": "stickiness.type", "Value": "lb_cookie"}, {"Key": "load_balancing.algorithm.type", "Value": "round_robin"}]}]}
    # A scaled-to-zero batch group: no maximum lifetime, never refreshed.
    files["auto-scaling-groups.json"] = {"AutoScalingGroups": [{"AutoScalingGroupName": "batch-workers", "AutoScalingGroupARN": "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:7c3a1b2e-0000-4000-8000-000000000001:autoScalingGroupName/batch-workers", "LaunchTemplate": {"LaunchTemplateId": "lt-0a00000000000001", "LaunchTemplateName": "batch-workers", "Version": "$Latest"}, "MinSize": 0, "MaxSize": 4, "DesiredCapacity": 0, "DefaultCooldown": 300, "AvailabilityZones": ["us-east-1a", "us-east-1b"], "LoadBalancerNames": [], "TargetGroupARNs": [], "HealthCheckType": "EC2", "HealthCheckGracePeriod": 300, "Instances": [], "CreatedTime": "2025-02-10T09:00:00+00:00", "VPCZoneIdentifier": "subnet-0aa0000000000003,subnet-0aa0000000000004", "Tags": []}]}
    files["instance-refreshes-batch-workers.json"] = {"AutoScalingGroupName": "batch-workers", "InstanceRefreshes": []}
    files["trails.json"] = {"trailList": [{"Name": "management-events", "S3BucketName": "acme-cloudtrail-logs", "IncludeGlobalServiceEvents": True, "IsMultiRegionTrail": False,
                                           "HomeRegion": r, "TrailARN": f"arn:aws:cloudtrail:{r}:{ACCOUNT}:trail/management-events", "LogFileValidationEnabled": False,
                                           "CloudWatchLogsLogGroupArn": f"arn:aws:logs:{r}:{ACCOUNT}:log-group:cloudtrail:*",
                                           "CloudWatchLogsRoleArn": f"arn:aws:iam::{ACCOUNT}:role/CloudTrail_CloudWatchLogs_Role",
                                           "HasCustomEventSelectors": False, "HasInsightSelectors": False, "IsOrganizationTrail": False}]}
    files["trail-status-management-events.json"] = {"TrailStatuses": [{"Name": f"arn:aws:cloudtrail:{r}:{ACCOUNT}:trail/management-events", "Status": {"IsLogging": True, "LatestDeliveryTime": "2026-11-27T23:59:00+00:00"}}]}
    files["event-selectors-management-events.json"] = {"TrailARN": f"arn:aws:cloudtrail:{r}:{ACCOUNT}:trail/management-events", "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": [], "ExcludeManagementEventSources": []}]}
    files["metric-filters.json"] = {"metricFilters": [{"filterName": "SecurityGroupChanges", "logGroupName": "cloudtrail", "metricTransformations": [{"metricName": "SecurityGroupEventCount", "metricNamespace": "CISBenchmark", "metricValue": "1"}],
                                                        "filterPattern": "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
                                                        "creationTime": 1767225600000}]}
    files["metric-alarms.json"] = {"MetricAlarms": [], "CompositeAlarms": []}
    files["config-recorders.json"] = {"ConfigurationRecorders": [{"name": "default", "roleARN": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                                                                   "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True, "resourceTypes": []}}]}
    files["config-recorder-status.json"] = {"ConfigurationRecordersStatus": [{"name": "default", "lastStartTime": "2026-01-10T10:00:00+00:00", "recording": True, "lastStatus": "SUCCESS"}]}
    files["guardduty-detectors.json"] = {"DetectorIds": ["12abc34d567e8fa901bc2d34e0000001"]}
    # Two open high findings: the bastion mines Bitcoin; app-2's role credentials (IMDSv1) are
    # used from outside AWS.
    files["guardduty-finding-ids-12abc34d567e8fa901bc2d34e0000001.json"] = {"FindingIds": ["d0c6f2a1b3e4f5a6b7c8d9e0f1a2b3c4", "e1d7a3b2c4f5e6a7b8c9d0e1f2a3b4c5"]}
    files["guardduty-findings-12abc34d567e8fa901bc2d34e0000001-1.json"] = {"Findings": [{"AccountId": "123456789012", "Arn": "arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e0000001/finding/d0c6f2a1b3e4f5a6b7c8d9e0f1a2b3c4", "CreatedAt": "2026-11-26T21:14:00.000Z", "UpdatedAt": "2026-11-28T04:52:00.000Z", "Id": "d0c6f2a1b3e4f5a6b7c8d9e0f1a2b3c4", "Partition": "aws", "Region": "us-east-1", "SchemaVersion": "2.0", "Severity": 8.0, "Title": "EC2 instance i-0a00000000000001 is querying a domain name that is associated with Bitcoin-related activity.", "Type": "CryptoCurrency:EC2/BitcoinTool.B!DNS", "Resource": {"ResourceType": "Instance", "InstanceDetails": {"InstanceId": "i-0a00000000000001", "InstanceType": "t3.micro"}}, "Service": {"Archived": False, "Count": 312, "DetectorId": "12abc34d567e8fa901bc2d34e0000001", "ServiceName": "guardduty", "EventFirstSeen": "2026-11-26T21:14:00.000Z", "EventLastSeen": "2026-11-28T04:52:00.000Z"}}, {"AccountId": "123456789012", "Arn": "arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e0000001/finding/e1d7a3b2c4f5e6a7b8c9d0e1f2a3b4c5", "CreatedAt": "2026-11-27T16:40:00.000Z", "UpdatedAt": "2026-11-27T17:05:00.000Z", "Id": "e1d7a3b2c4f5e6a7b8c9d0e1f2a3b4c5", "Partition": "aws", "Region": "us-east-1", "SchemaVersion": "2.0", "Severity": 8.0, "Title": "Credentials for instance role app-role used from external IP address.", "Type": "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", "Resource": {"ResourceType": "AccessKey", "AccessKeyDetails": {"AccessKeyId": "ASIAEXAMPLEAPPROLE", "PrincipalId": "AROAEXAMPLEAPP:i-0a00000000000003", "UserName": "app-role", "UserType": "AssumedRole"}}, "Service": {"Archived": False, "Count": 9, "DetectorId": "12abc34d567e8fa901bc2d34e0000001", "ServiceName": "guardduty", "EventFirstSeen": "2026-11-27T16:40:00.000Z", "EventLastSeen": "2026-11-27T17:05:00.000Z"}}]}
    files["guardduty-detector-12abc34d567e8fa901bc2d34e0000001.json"] = {"Detectors": [{"DetectorId": "12abc34d567e8fa901bc2d34e0000001", "Detector": {
        "CreatedAt": "2026-01-10T10:00:00.000Z", "FindingPublishingFrequency": "SIX_HOURS", "ServiceRole": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
        "Status": "ENABLED", "UpdatedAt": "2026-01-10T10:00:00.000Z",
        "Features": [{"Name": "CLOUD_TRAIL", "Status": "ENABLED"}, {"Name": "DNS_LOGS", "Status": "ENABLED"}, {"Name": "FLOW_LOGS", "Status": "ENABLED"},
                     {"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}, {"Name": "EBS_MALWARE_PROTECTION", "Status": "DISABLED"}, {"Name": "RUNTIME_MONITORING", "Status": "DISABLED"}]}}]}
    files["ssm-instances.json"] = {"InstanceInformationList": [{"InstanceId": "i-0a00000000000002", "PingStatus": "Online", "LastPingDateTime": "2026-11-27T23:50:00+00:00", "AgentVersion": "3.3.1142.0",
                                                                 "PlatformType": "Linux", "PlatformName": "Amazon Linux", "ResourceType": "EC2Instance", "ComputerName": "ip-10-0-10-11.ec2.internal"}]}
    files["ssm-patch-states-1.json"] = {"InstancePatchStates": [{"InstanceId": "i-0a00000000000002", "PatchGroup": "", "BaselineId": "pb-0e392de35e7c563b7", "SnapshotId": "4c8c8d3a-0000-4000-8000-000000000001",
                                                                 "InstalledCount": 412, "InstalledOtherCount": 12, "InstalledPendingRebootCount": 2, "InstalledRejectedCount": 0, "MissingCount": 7, "FailedCount": 0,
                                                                 "UnreportedNotApplicableCount": 0, "NotApplicableCount": 1680, "OperationStartTime": "2026-11-20T03:00:00+00:00", "OperationEndTime": "2026-11-20T03:04:00+00:00",
                                                                 "Operation": "Scan", "CriticalNonCompliantCount": 2, "SecurityNonCompliantCount": 5, "OtherNonCompliantCount": 0}]}
    files["inspector.json"] = {"accounts": [{"accountId": ACCOUNT, "resourceState": {"ec2": {"status": "ENABLED"}, "ecr": {"status": "DISABLED"}, "lambda": {"status": "DISABLED"}}, "state": {"status": "ENABLED"}}], "failedAccounts": []}
    # Inspector's active findings: app-1's OpenSSH and nghttp2 (high, exploits known), the
    # domain controller's IPv6 TCP/IP flaw (critical); both hosts are reachable.
    files["inspector-findings.json"] = {"findings": [{"awsAccountId": "123456789012", "findingArn": "arn:aws:inspector2:us-east-1:123456789012:finding/000000000000000000000000000000a1", "type": "PACKAGE_VULNERABILITY", "title": "CVE-2024-6387 - openssh-server, openssh-clients", "severity": "HIGH", "status": "ACTIVE", "firstObservedAt": "2026-11-20T03:10:00+00:00", "lastObservedAt": "2026-11-27T03:10:00+00:00", "resources": [{"type": "AWS_EC2_INSTANCE", "id": "i-0a00000000000002", "region": "us-east-1", "partition": "aws"}], "packageVulnerabilityDetails": {"vulnerabilityId": "CVE-2024-6387", "source": "NVD"}, "exploitAvailable": "YES", "fixAvailable": "YES", "inspectorScore": 8.1}, {"awsAccountId": "123456789012", "findingArn": "arn:aws:inspector2:us-east-1:123456789012:finding/000000000000000000000000000000a2", "type": "PACKAGE_VULNERABILITY", "title": "CVE-2023-44487 - nghttp2", "severity": "HIGH", "status": "ACTIVE", "firstObservedAt": "2026-11-20T03:10:00+00:00", "lastObservedAt": "2026-11-27T03:10:00+00:00", "resources": [{"type": "AWS_EC2_INSTANCE", "id": "i-0a00000000000002", "region": "us-east-1", "partition": "aws"}], "packageVulnerabilityDetails": {"vulnerabilityId": "CVE-2023-44487", "source": "NVD"}, "exploitAvailable": "YES", "fixAvailable": "YES", "inspectorScore": 7.5}, {"awsAccountId": "123456789012", "findingArn": "arn:aws:inspector2:us-east-1:123456789012:finding/000000000000000000000000000000a3", "type": "PACKAGE_VULNERABILITY", "title": "CVE-2024-38063 - Windows TCP/IP", "severity": "CRITICAL", "status": "ACTIVE", "firstObservedAt": "2026-11-20T03:10:00+00:00", "lastObservedAt": "2026-11-27T03:10:00+00:00", "resources": [{"type": "AWS_EC2_INSTANCE", "id": "i-0a00000000000004", "region": "us-east-1", "partition": "aws"}], "packageVulnerabilityDetails": {"vulnerabilityId": "CVE-2024-38063", "source": "NVD"}, "exploitAvailable": "NO", "fixAvailable": "YES", "inspectorScore": 9.8}]}
    # The CloudWatch agent runs on the two app servers only.
    files["cwagent-metrics.json"] = {"Metrics": [{"Namespace": "CWAgent", "MetricName": "mem_used_percent", "Dimensions": [{"Name": "InstanceId", "Value": "i-0a00000000000002"}, {"Name": "ImageId", "Value": "ami-0abcdef1234567890"}, {"Name": "InstanceType", "Value": "t3.medium"}]}, {"Namespace": "CWAgent", "MetricName": "disk_used_percent", "Dimensions": [{"Name": "InstanceId", "Value": "i-0a00000000000002"}, {"Name": "ImageId", "Value": "ami-0abcdef1234567890"}, {"Name": "InstanceType", "Value": "t3.medium"}, {"Name": "path", "Value": "/"}, {"Name": "device", "Value": "nvme0n1p1"}, {"Name": "fstype", "Value": "xfs"}]}, {"Namespace": "CWAgent", "MetricName": "mem_used_percent", "Dimensions": [{"Name": "InstanceId", "Value": "i-0a00000000000003"}, {"Name": "ImageId", "Value": "ami-0abcdef1234567890"}, {"Name": "InstanceType", "Value": "t3.medium"}]}, {"Namespace": "CWAgent", "MetricName": "disk_used_percent", "Dimensions": [{"Name": "InstanceId", "Value": "i-0a00000000000003"}, {"Name": "ImageId", "Value": "ami-0abcdef1234567890"}, {"Name": "InstanceType", "Value": "t3.medium"}, {"Name": "path", "Value": "/"}, {"Name": "device", "Value": "nvme0n1p1"}, {"Name": "fstype", "Value": "xfs"}]}]}
    files["network-firewalls.json"] = {"Firewalls": []}
    files["waf-web-acls.json"] = {"WebACLs": []}
    # The office desktops: SAML sign-in, office IP group, managed device types only, but
    # certificate-based authentication off.
    files["workspaces-directories.json"] = {"Directories": [{"DirectoryId": "d-90670fedcb", "Alias": "acme-office", "DirectoryName": "corp.acme.example",
                                                            "DirectoryType": "ADConnector", "State": "REGISTERED", "ipGroupIds": ["wsipg-0a1b2c3d4"],
                                                            "SamlProperties": {"Status": "ENABLED", "UserAccessUrl": "https://sso.acme.example/workspaces", "RelayStateParameterName": "RelayState"},
                                                            "CertificateBasedAuthProperties": {"Status": "DISABLED"},
                                                            "WorkspaceAccessProperties": {"DeviceTypeWindows": "ALLOW", "DeviceTypeOsx": "ALLOW", "DeviceTypeWeb": "DENY", "DeviceTypeIos": "DENY",
                                                                                          "DeviceTypeAndroid": "DENY", "DeviceTypeChromeOs": "DENY", "DeviceTypeZeroClient": "DENY", "DeviceTypeLinux": "DENY"}}]}
    files["workspaces-ip-groups.json"] = {"Result": [{"groupId": "wsipg-0a1b2c3d4", "groupName": "office", "groupDesc": "office and VPN egress",
                                                      "userRules": [{"ipRule": "198.51.100.0/24", "ruleDesc": "office"}]}]}
    files["lambda-functions.json"] = {"Functions": [{"FunctionName": "thumbnailer", "FunctionArn": f"arn:aws:lambda:{r}:{ACCOUNT}:function:thumbnailer", "Runtime": "python3.8",
                                                      "Role": f"arn:aws:iam::{ACCOUNT}:role/thumbnailer-role", "LastModified": "2024-02-01T10:00:00.000+0000", "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": ""}}]}
    return r, files


def eu_west_1():
    r, vpc, az = "eu-west-1", "vpc-0e1b2c3d4e5f60001", "eu-west-1a"
    sub = "subnet-0ee0000000000001"
    sg_ssh, sg_range, sg_cache, sg_default = "sg-0e000000000000001", "sg-0e000000000000002", "sg-0e000000000000003", "sg-0e000000000000004"
    igw = "igw-0e00000000000001"
    files = {
        "vpcs.json": {"Vpcs": [{"CidrBlock": "172.31.0.0/16", "State": "available", "VpcId": vpc, "OwnerId": ACCOUNT, "IsDefault": True,
                                "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-0e1", "CidrBlock": "172.31.0.0/16", "CidrBlockState": {"State": "associated"}}]}]},
        "subnets.json": {"Subnets": [{"AvailabilityZone": az, "CidrBlock": "172.31.0.0/20", "DefaultForAz": True, "MapPublicIpOnLaunch": True, "State": "available",
                                      "SubnetId": sub, "VpcId": vpc, "OwnerId": ACCOUNT}]},
        "internet-gateways.json": {"InternetGateways": [{"Attachments": [{"State": "available", "VpcId": vpc}], "InternetGatewayId": igw, "OwnerId": ACCOUNT}]},
        "egress-only-internet-gateways.json": {"EgressOnlyInternetGateways": []},
        "nat-gateways.json": {"NatGateways": []},
        "route-tables.json": {"RouteTables": [{"Associations": [{"Main": True, "RouteTableAssociationId": "rtbassoc-0e1", "RouteTableId": "rtb-0e0000000000001", "AssociationState": {"State": "associated"}}],
                                               "RouteTableId": "rtb-0e0000000000001", "VpcId": vpc, "OwnerId": ACCOUNT,
                                               "Routes": [{"DestinationCidrBlock": "172.31.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                                                          {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"}]}]},
        "network-acls.json": {"NetworkAcls": [nacl("acl-0e00000000000001", vpc, [sub])]},
        "managed-prefix-lists.json": {"PrefixLists": []},
        "security-groups.json": {"SecurityGroups": [
            sg(sg_ssh, "launch-wizard-1", vpc, [perm("tcp", 22, 22, v4=["0.0.0.0/0"]), perm("tcp", 8000, 8100, v4=["0.0.0.0/0"], desc="dev server"), perm("tcp", 2375, 2375, v4=["0.0.0.0/0"], desc="docker")]),
            sg(sg_range, "rdp-temp", vpc, [perm("tcp", 3000, 4000, v4=["0.0.0.0/0"])]),
            sg(sg_cache, "cache", vpc, [perm("tcp", 6379, 6379, v4=["0.0.0.0/0"])]),
            sg(sg_default, "default", vpc, [perm("-1", groups=[sg_default])]),
        ]},
        "network-interfaces.json": {"NetworkInterfaces": [
            eni("eni-0e00000000000001", sub, vpc, az, "172.31.5.10", [sg_ssh], "i-0e00000000000001", public="52.48.100.200", desc=""),
            eni("eni-0e00000000000002", sub, vpc, az, "172.31.5.20", [sg_cache], desc="ElastiCache cache-001", requester=True),
        ]},
        "instances.json": {"Reservations": [{"Groups": [], "OwnerId": ACCOUNT, "ReservationId": "r-0e1", "Instances": [
            instance("i-0e00000000000001", "staging-web", sub, vpc, az, "172.31.5.10", [sg_ssh], "eni-0e00000000000001", public="52.48.100.200", itype="t3.small")]}]},
        "addresses.json": {"Addresses": []},
        "vpc-endpoints.json": {"VpcEndpoints": []},
        "vpc-peering-connections.json": {"VpcPeeringConnections": []},
        "flow-logs.json": {"FlowLogs": []},
        "load-balancers.json": {"LoadBalancers": []},
        "target-groups.json": {"TargetGroups": []},
        "auto-scaling-groups.json": {"AutoScalingGroups": []},
        "trails.json": {"trailList": []},
        "metric-filters.json": {"metricFilters": []},
        "metric-alarms.json": {"MetricAlarms": [], "CompositeAlarms": []},
        "config-recorders.json": {"ConfigurationRecorders": []},
        "guardduty-detectors.json": {"DetectorIds": []},
        "ssm-instances.json": {"InstanceInformationList": []},
        "inspector-findings.json": {"findings": []},
        "cwagent-metrics.json": {"Metrics": []},
        "waf-web-acls.json": {"WebACLs": []},
        "inspector.json": {"accounts": [{"accountId": ACCOUNT, "resourceState": {"ec2": {"status": "DISABLED"}, "ecr": {"status": "DISABLED"}, "lambda": {"status": "DISABLED"}}, "state": {"status": "DISABLED"}}], "failedAccounts": []},
        "network-firewalls.json": {"Firewalls": []},
        "workspaces-directories.json": {"Directories": [{"DirectoryId": "d-93670abcde", "DirectoryType": "SimpleAD", "State": "REGISTERED", "ipGroupIds": [],
                                                         "WorkspaceAccessProperties": {"DeviceTypeWindows": "ALLOW", "DeviceTypeOsx": "ALLOW", "DeviceTypeWeb": "ALLOW", "DeviceTypeIos": "ALLOW", "DeviceTypeAndroid": "ALLOW"}}]},
        "workspaces-ip-groups.json": {"WorkspacesIpGroups": []},
        "lambda-functions.json": {"Functions": []},
        # The role running the export was not allowed to read Transit Gateway data in this region.
        "transit-gateways.json": {"RampartError": {"Command": "ec2 describe-transit-gateways", "Code": "UnauthorizedOperation", "Message": "You are not authorized to perform this operation."}},
    }
    return r, files


def global_files():
    admin = {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
    trust_ec2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    trust_any = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
    report = "\n".join([
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
        f"<root_account>,arn:aws:iam::{ACCOUNT}:root,2019-03-01T10:00:00+00:00,not_supported,2026-11-02T08:15:00+00:00,not_supported,not_supported,false,true,2019-03-01T10:05:00+00:00,2026-10-30T12:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        f"alice,arn:aws:iam::{ACCOUNT}:user/alice,2021-05-10T09:00:00+00:00,true,2026-11-27T08:00:00+00:00,2026-01-05T09:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        f"bob,arn:aws:iam::{ACCOUNT}:user/bob,2020-02-01T09:00:00+00:00,true,2025-12-01T08:00:00+00:00,2020-02-01T09:00:00+00:00,N/A,false,true,2020-02-01T09:10:00+00:00,2026-11-26T22:00:00+00:00,eu-west-1,ec2,true,2023-07-01T09:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A",
        f"ci-deploy,arn:aws:iam::{ACCOUNT}:user/ci-deploy,2022-08-01T09:00:00+00:00,false,N/A,N/A,N/A,false,true,2022-08-01T09:05:00+00:00,2026-11-27T21:00:00+00:00,us-east-1,cloudformation,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        ""])
    return {
        "caller-identity.json": {"UserId": "AROAEXAMPLEAUDITOR:auditor", "Account": ACCOUNT, "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/SecurityAudit/auditor"},
        "authorization-details.json": {
            "UserDetailList": [
                {"Path": "/", "UserName": "alice", "UserId": "AIDAEXAMPLEALICE", "Arn": f"arn:aws:iam::{ACCOUNT}:user/alice", "CreateDate": "2021-05-10T09:00:00+00:00", "GroupList": ["Admins"], "AttachedManagedPolicies": [], "UserPolicyList": [], "Tags": []},
                {"Path": "/", "UserName": "bob", "UserId": "AIDAEXAMPLEBOB", "Arn": f"arn:aws:iam::{ACCOUNT}:user/bob", "CreateDate": "2020-02-01T09:00:00+00:00", "GroupList": [], "AttachedManagedPolicies": [admin], "UserPolicyList": [], "Tags": []},
                {"Path": "/", "UserName": "ci-deploy", "UserId": "AIDAEXAMPLECI", "Arn": f"arn:aws:iam::{ACCOUNT}:user/ci-deploy", "CreateDate": "2022-08-01T09:00:00+00:00", "GroupList": [], "AttachedManagedPolicies": [],
                 "UserPolicyList": [{"PolicyName": "deploy", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["cloudformation:*", "ec2:*SecurityGroup*", "s3:*"], "Resource": "*"}]}}], "Tags": []}],
            "GroupDetailList": [{"Path": "/", "GroupName": "Admins", "GroupId": "AGPAEXAMPLEADMINS", "Arn": f"arn:aws:iam::{ACCOUNT}:group/Admins", "CreateDate": "2019-03-01T10:00:00+00:00", "GroupPolicyList": [],
                                 "AttachedManagedPolicies": [admin, {"PolicyName": "AWSCloudShellFullAccess", "PolicyArn": "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"}]}],
            "RoleDetailList": [
                {"Path": "/", "RoleName": "app-role", "RoleId": "AROAEXAMPLEAPP", "Arn": f"arn:aws:iam::{ACCOUNT}:role/app-role", "CreateDate": "2026-01-10T10:00:00+00:00", "AssumeRolePolicyDocument": trust_ec2,
                 "InstanceProfileList": [{"InstanceProfileName": "app-role", "Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/app-role", "Roles": []}],
                 "RolePolicyList": [], "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}], "Tags": [], "RoleLastUsed": {"LastUsedDate": "2026-11-27T23:00:00+00:00", "Region": "us-east-1"}},
                {"Path": "/", "RoleName": "partner-access", "RoleId": "AROAEXAMPLEPARTNER", "Arn": f"arn:aws:iam::{ACCOUNT}:role/partner-access", "CreateDate": "2023-03-01T10:00:00+00:00", "AssumeRolePolicyDocument": trust_any,
                 "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}], "Tags": [], "RoleLastUsed": {}},
                {"Path": "/", "RoleName": "vendor-monitoring", "RoleId": "AROAEXAMPLEVENDOR", "Arn": f"arn:aws:iam::{ACCOUNT}:role/vendor-monitoring", "CreateDate": "2021-06-01T10:00:00+00:00",
                 "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"}]},
                 "InstanceProfileList": [], "RolePolicyList": [{"PolicyName": "metrics", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"], "Resource": "*"}]}}],
                 "AttachedManagedPolicies": [], "Tags": [], "RoleLastUsed": {"LastUsedDate": "2026-11-27T12:00:00+00:00", "Region": "us-east-1"}}],
            # The one AWS managed policy whose document the export holds (AWS documents it as
            # cloudshell:* on *); AdministratorAccess is known to rampart, ReadOnlyAccess is left
            # out so that the rights checks show what an unread document does.
            "Policies": [{"PolicyName": "AWSCloudShellFullAccess", "PolicyId": "ANPAEXAMPLECLOUDSHELL", "Arn": "arn:aws:iam::aws:policy/AWSCloudShellFullAccess", "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True, "CreateDate": "2020-12-15T12:00:00+00:00", "UpdateDate": "2020-12-15T12:00:00+00:00", "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [{"Action": ["cloudshell:*"], "Effect": "Allow", "Resource": "*"}]}, "VersionId": "v1", "IsDefaultVersion": True, "CreateDate": "2020-12-15T12:00:00+00:00"}]}],
        },
        "credential-report.json": {"Content": base64.b64encode(report.encode()).decode(), "ReportFormat": "text/csv", "GeneratedTime": "2026-11-28T06:00:00+00:00"},
        "account-summary.json": {"SummaryMap": {"AccountMFAEnabled": 0, "AccountAccessKeysPresent": 1, "Users": 3, "Groups": 1, "Roles": 3, "Policies": 0, "MFADevices": 1, "MFADevicesInUse": 1}},
        "password-policy.json": {"PasswordPolicy": {"MinimumPasswordLength": 8, "RequireSymbols": False, "RequireNumbers": True, "RequireUppercaseCharacters": False, "RequireLowercaseCharacters": True,
                                                    "AllowUsersToChangePassword": True, "ExpirePasswords": False}},
        "virtual-mfa-devices.json": {"VirtualMFADevices": [{"SerialNumber": f"arn:aws:iam::{ACCOUNT}:mfa/alice", "User": {"UserName": "alice", "UserId": "AIDAEXAMPLEALICE", "Arn": f"arn:aws:iam::{ACCOUNT}:user/alice", "CreateDate": "2021-05-10T09:00:00+00:00"}, "EnableDate": "2021-05-10T09:05:00+00:00"}]},
        "account-public-access-block.json": {"RampartError": {"Command": "s3control get-public-access-block", "Code": "NoSuchPublicAccessBlockConfiguration", "Message": "The public access block configuration was not found"}},
        "buckets.json": {"Buckets": [{"Name": "acme-cloudtrail-logs", "CreationDate": "2019-03-01T10:00:00+00:00"}, {"Name": "acme-public-assets", "CreationDate": "2021-06-01T10:00:00+00:00"}], "Owner": {"DisplayName": "acme", "ID": "0123456789abcdef"}},
        "bucket-pab-acme-cloudtrail-logs.json": {"BucketPublicAccessBlocks": [{"Bucket": "acme-cloudtrail-logs", "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}}]},
        # The static-site bucket: a public policy, an AllUsers READ grant, no block; the
        # trail bucket: private, its block on.
        "bucket-pab-acme-public-assets.json": {"RampartError": {"Command": "s3api get-public-access-block", "Code": "NoSuchPublicAccessBlockConfiguration", "Message": "An error occurred (NoSuchPublicAccessBlockConfiguration) when calling the GetPublicAccessBlock operation: The public access block configuration was not found", "Bucket": "acme-public-assets"}},
        "bucket-policy-status-acme-public-assets.json": {"BucketPolicyStatuses": [{"Bucket": "acme-public-assets", "PolicyStatus": {"IsPublic": True}}]},
        "bucket-acl-acme-public-assets.json": {"BucketAcls": [{"Bucket": "acme-public-assets", "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "0123456789abcdef", "DisplayName": "acme"}, "Permission": "FULL_CONTROL"}, {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]}]},
        "bucket-policy-status-acme-cloudtrail-logs.json": {"BucketPolicyStatuses": [{"Bucket": "acme-cloudtrail-logs", "PolicyStatus": {"IsPublic": False}}]},
        "bucket-acl-acme-cloudtrail-logs.json": {"BucketAcls": [{"Bucket": "acme-cloudtrail-logs", "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "0123456789abcdef", "DisplayName": "acme"}, "Permission": "FULL_CONTROL"}]}]},
    }


def main():
    # Remove what this script writes, and nothing else (PLANTED.md lives here too).
    for part in ("us-east-1", "eu-west-1", "global"):
        shutil.rmtree(OUT / part, ignore_errors=True)
    write(OUT / "regions.json", {"Regions": [{"Endpoint": f"ec2.{r}.amazonaws.com", "RegionName": r, "OptInStatus": "opt-in-not-required"} for r in ("eu-west-1", "us-east-1")]})
    for region, files in (us_east_1(), eu_west_1()):
        for name, doc in files.items():
            write(OUT / region / name, doc)
    for name, doc in global_files().items():
        write(OUT / "global" / name, doc)


if __name__ == "__main__":
    main()
