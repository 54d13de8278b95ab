#!/usr/bin/env python3
"""The peer of `rampart collect` live: boto3 making the same read calls for the same regions
(paginated to the end, results kept in memory), without any analysis. The floor for a Python
tool such as Prowler or ScoutSuite reading the same account.

    python3 boto3_collect.py REGION [REGION ...]
"""

import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

REGIONAL = {
    "ec2": ["describe_vpcs", "describe_subnets", "describe_route_tables", "describe_internet_gateways",
            "describe_egress_only_internet_gateways", "describe_nat_gateways", "describe_transit_gateways",
            "describe_transit_gateway_attachments", "describe_transit_gateway_vpc_attachments",
            "describe_transit_gateway_route_tables", "describe_vpc_peering_connections", "describe_vpc_endpoints",
            "describe_managed_prefix_lists", "describe_security_groups", "describe_security_group_rules",
            "describe_network_acls", "describe_network_interfaces", "describe_instances", "describe_addresses",
            "describe_flow_logs"],
    "elbv2": ["describe_load_balancers", "describe_target_groups"],
    "elb": ["describe_load_balancers"],
    "autoscaling": ["describe_auto_scaling_groups"],
    "cloudtrail": ["describe_trails"],
    "logs": ["describe_metric_filters"],
    "cloudwatch": ["describe_alarms"],
    "config": ["describe_configuration_recorders", "describe_configuration_recorder_status"],
    "guardduty": ["list_detectors"],
    "ssm": ["describe_instance_information"],
    "network-firewall": ["list_firewalls"],
    "workspaces": ["describe_workspace_directories", "describe_ip_groups"],
    "lambda": ["list_functions"],
    "ecs": ["list_clusters"],
}
GLOBAL = {"iam": ["get_account_authorization_details", "get_account_summary", "list_virtual_mfa_devices"],
          "s3": ["list_buckets"]}
config = Config(retries={"max_attempts": 1, "mode": "standard"})
kept = []


def call(client, op):
    try:
        if client.can_paginate(op):
            kept.extend(client.get_paginator(op).paginate())
        else:
            kept.append(getattr(client, op)())
    except Exception as e:  # a coverage gap, as rampart records it
        kept.append(str(e))


# Concurrent like rampart (16 calls in flight); clients are made up front (they are
# thread-safe, sessions are not).
work = [(boto3.client(service, region_name="us-east-1", config=config), op) for service, ops in GLOBAL.items() for op in ops]
for region in sys.argv[1:]:
    for service, ops in REGIONAL.items():
        client = boto3.client(service, region_name=region, config=config)
        work.extend((client, op) for op in ops)
with ThreadPoolExecutor(max_workers=16) as pool:
    list(pool.map(lambda w: call(*w), work))
print(f"{len(kept)} answers", file=sys.stderr)
