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
    planted[f"{name}/vpc"], planted[f"{name}/subnet"] = vpc, subnet

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
for key, groups in (("us-east-1/ssh-host", [ssh, web]), ("us-east-1/rdp-host", [split])):
    planted[key] = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                                     SubnetId=subnet, SecurityGroupIds=groups)["Instances"][0]["InstanceId"]

ec2, subnet, group = region("eu-west-1", "10.2.0.0/16")
group("all-open", {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})
group("memcached-udp", {"IpProtocol": "udp", "FromPort": 11211, "ToPort": 11211, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]})

# Identity: a console user without MFA, an administrator, a role anyone may assume, a weak
# password policy.
iam = boto3.client("iam")
iam.create_user(UserName="console-no-mfa")
iam.create_login_profile(UserName="console-no-mfa", Password="Correct-Horse-42")
iam.create_user(UserName="admin-bob")
iam.attach_user_policy(UserName="admin-bob", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
iam.create_role(RoleName="open-trust", AssumeRolePolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}))
iam.update_account_password_policy(MinimumPasswordLength=8, RequireSymbols=False)
planted["iam/console-no-mfa"] = "console-no-mfa"
planted["iam/admin-bob"] = "admin-bob"
planted["iam/open-trust"] = "open-trust"

# Logging and detection: a single-region trail in us-east-1 without log-file validation (so
# eu-west-1 records nothing), GuardDuty on in us-east-1 only.
s3 = boto3.client("s3", region_name="us-east-1")
s3.create_bucket(Bucket="trail-logs-123456789012")
# A static site made public twice over: a policy for Principal * and the public-read ACL.
s3.create_bucket(Bucket="public-site-123456789012")
s3.put_bucket_policy(Bucket="public-site-123456789012", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public-site-123456789012/*"}]}))
s3.put_bucket_acl(Bucket="public-site-123456789012", ACL="public-read")
planted["global/public-site"] = "public-site-123456789012"
trail = boto3.client("cloudtrail", region_name="us-east-1")
trail.create_trail(Name="management", S3BucketName="trail-logs-123456789012", IsMultiRegionTrail=False,
                   EnableLogFileValidation=False)
trail.start_logging(Name="management")
# What AWS gives every new trail (moto starts with none): management events, reads and writes.
trail.put_event_selectors(TrailName="management", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}])
planted["us-east-1/trail"] = "management"
planted["us-east-1/detector"] = boto3.client("guardduty", region_name="us-east-1").create_detector(Enable=True)["DetectorId"]

# Web tier: an internet-facing load balancer whose HTTP listener forwards instead of redirecting.
ec2 = boto3.client("ec2", region_name="us-east-1")
vpc = ec2.describe_subnets(SubnetIds=[planted["us-east-1/subnet"]])["Subnets"][0]["VpcId"]
second = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
elb = boto3.client("elbv2", region_name="us-east-1")
lb = elb.create_load_balancer(Name="web", Subnets=[planted["us-east-1/subnet"], second], SecurityGroups=[web],
                              Scheme="internet-facing", Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
tg = elb.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
planted["us-east-1/lb"] = lb

# Groups only a database and a launch template name (moto gives neither an interface): in
# use, never "unused".
rds_only = ec2.create_security_group(GroupName="rds-only", Description="rds-only", VpcId=vpc)["GroupId"]
template_only = ec2.create_security_group(GroupName="template-only", Description="template-only", VpcId=vpc)["GroupId"]
boto3.client("rds", region_name="us-east-1").create_db_instance(
    DBInstanceIdentifier="orders", DBInstanceClass="db.t3.micro", Engine="postgres", AllocatedStorage=20,
    MasterUsername="app", MasterUserPassword="moto-only-password-42", VpcSecurityGroupIds=[rds_only])
ec2.create_launch_template(LaunchTemplateName="workers",
                           LaunchTemplateData={"ImageId": "ami-12c6146b", "SecurityGroupIds": [template_only]})
planted["us-east-1/rds-only"], planted["us-east-1/template-only"] = rds_only, template_only

with open(sys.argv[1], "w") as f:
    json.dump(planted, f)
