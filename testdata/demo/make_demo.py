#!/usr/bin/env python3
"""Writes the bundled demo export set of dormant (testdata/demo/).

Deterministic, standard library only: running it twice writes the same bytes. It rewrites
testdata/demo/policy.json and everything under testdata/demo/exports/; README.md is hand-written
and describes, user by user, the verdict each row was designed for. Evaluate the result with

    dormant evaluate testdata/demo/exports --policy testdata/demo/policy.json \
        --as-of 2026-11-20T00:00:00Z

The as-of is fixed because account 777788889999 ships a bare console CSV, which carries no
generation time. Every time below is UTC and was chosen relative to that as-of.

Shapes written (real AWS export shapes, quirks included):
  * 111122223333: `aws iam get-credential-report` JSON from AWS CLI v1 (base64 Content,
    GeneratedTime with `Z`), get-account-authorization-details, access-advisor NDJSON (CLI v1
    timestamps, plus one role document).
  * 444455556666: the same from AWS CLI v2 (`+00:00` timestamps, microsecond job times), with one
    IN_PROGRESS access-advisor document.
  * 777788889999: a bare credential report CSV as downloaded from the IAM console (no trailing
    newline), access-advisor NDJSON (CLI v2), no IAM details.
"""

import base64
import datetime as dt
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = dt.timezone.utc
AS_OF = dt.datetime(2026, 11, 20, tzinfo=UTC)

HEADER = [
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used",
    "password_last_changed", "password_next_rotation", "mfa_active", "access_key_1_active",
    "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
    "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated",
    "access_key_2_last_used_date", "access_key_2_last_used_region",
    "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active",
    "cert_2_last_rotated",
]

# Access-advisor service catalogue (namespace -> name), sorted by namespace as IAM returns it.
SERVICES = {
    "acm": "AWS Certificate Manager",
    "apigateway": "Manage - Amazon API Gateway",
    "athena": "Amazon Athena",
    "autoscaling": "Amazon EC2 Auto Scaling",
    "backup": "AWS Backup",
    "cloudformation": "AWS CloudFormation",
    "cloudfront": "Amazon CloudFront",
    "cloudtrail": "AWS CloudTrail",
    "cloudwatch": "Amazon CloudWatch",
    "codebuild": "AWS CodeBuild",
    "codecommit": "AWS CodeCommit",
    "codepipeline": "AWS CodePipeline",
    "config": "AWS Config",
    "dynamodb": "Amazon DynamoDB",
    "ec2": "Amazon EC2",
    "ecr": "Amazon Elastic Container Registry",
    "ecs": "Amazon Elastic Container Service",
    "eks": "Amazon Elastic Kubernetes Service",
    "elasticache": "Amazon ElastiCache",
    "elasticloadbalancing": "Elastic Load Balancing",
    "events": "Amazon EventBridge",
    "glue": "AWS Glue",
    "guardduty": "Amazon GuardDuty",
    "iam": "AWS Identity and Access Management",
    "kinesis": "Amazon Kinesis",
    "kms": "AWS Key Management Service",
    "lambda": "AWS Lambda",
    "logs": "Amazon CloudWatch Logs",
    "organizations": "AWS Organizations",
    "rds": "Amazon RDS",
    "redshift": "Amazon Redshift",
    "route53": "Amazon Route 53",
    "s3": "Amazon S3",
    "secretsmanager": "AWS Secrets Manager",
    "ses": "Amazon SES",
    "sns": "Amazon SNS",
    "sqs": "Amazon SQS",
    "ssm": "AWS Systems Manager",
    "states": "AWS Step Functions",
    "sts": "AWS Security Token Service",
    "xray": "AWS X-Ray",
}

ABSENT = object()  # marks a member that the export leaves out entirely (e.g. Tags)


def t(text):
    """'2026-11-19T20:15:00' -> aware UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)


def digest(*parts):
    return hashlib.sha256("\x1f".join(parts).encode()).digest()


def csv_time(when):
    return when.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def cli_time(when, cli, frac=None):
    """A timestamp as AWS CLI v1 ('wire', Z, milliseconds) or v2 (isoformat) prints it."""
    base = when.strftime("%Y-%m-%dT%H:%M:%S")
    if cli == 1:
        return base + (".%03d" % frac if frac else "") + "Z"
    return base + (".%06d" % (frac * 1000) if frac else "") + "+00:00"


def user_id(account, name):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    d = digest("userid", account, name)
    return "AIDA" + "".join(alphabet[b % 32] for b in d[:17])


def job_id(arn):
    h = digest("job", arn).hex()
    return "-".join((h[0:8], h[8:12], h[12:16], h[16:20], h[20:32]))


# ---------------------------------------------------------------------------------------------
# Data model: one dict per report row. Keys:
#   name, path, created            user name, IAM path, user_creation_time
#   pw   {changed, used, next}     console password (absent: password_enabled=false)
#        used is a datetime or 'no_information'; next is password_next_rotation or None
#   k1/k2 {active, rotated, used, region, service}  access keys (absent: no key in that slot)
#   c1/c2 {active, rotated}        signing certificates
#   mfa                            mfa_active
#   advisor  list of (namespace, datetime, region) used services -> COMPLETED document;
#            'IN_PROGRESS' -> job still running; 'EMPTY' -> COMPLETED with no services listed
#            (a user without policies); None -> no document
#   job_done JobCompletionDate of the user's access-advisor job
#   tags/groups/policies           IAM details (tags=ABSENT leaves the member out)
# ---------------------------------------------------------------------------------------------

def pw(changed, used, nxt=None):
    return {"changed": t(changed), "used": used if used == "no_information" else t(used),
            "next": t(nxt) if nxt else None}


def key(active, rotated, used=None, region="N/A", service="N/A"):
    return {"active": active, "rotated": t(rotated) if rotated else None,
            "used": t(used) if used else None, "region": region if used else "N/A",
            "service": service if used else "N/A"}


def cert(active, rotated):
    return {"active": active, "rotated": t(rotated) if rotated else None}


def adv(*items):
    """adv(('s3', '2026-11-19T20:15:00', 'us-east-1'), ...)"""
    return [(ns, t(when), region) for ns, when, region in items]


def user(name, path, created, **kw):
    u = {"name": name, "path": path, "created": t(created), "pw": None, "k1": None, "k2": None,
         "c1": None, "c2": None, "mfa": False, "advisor": None, "job_done": None,
         "tags": ABSENT, "groups": [], "policies": []}
    for k, v in kw.items():
        if k not in u:
            raise KeyError(k)
        u[k] = v
    if isinstance(u["job_done"], str):
        u["job_done"] = t(u["job_done"])
    return u


def managed(*names):
    return [{"PolicyName": n, "PolicyArn": "arn:aws:iam::aws:policy/" + n} for n in names]


def tags(**kv):
    return [{"Key": k, "Value": v} for k, v in kv.items()]


# --- account 111122223333: CLI v1 exports ---------------------------------------------------

ACCOUNT_1 = {
    "account": "111122223333",
    "cli": 1,
    "generated": t("2026-11-19T22:10:04"),
    "root": {"created": t("2019-04-02T17:25:41"), "pw_used": t("2026-10-02T08:14:51"),
             "mfa": True, "k1": None, "k2": None},
    "role_docs": [{
        "arn": "arn:aws:iam::111122223333:role/service-role/billing-export-lambda",
        "done": t("2026-11-19T21:58:41"),
        "used": adv(("athena", "2026-11-19T06:00:00", "us-east-1"),
                    ("glue", "2026-11-19T06:00:00", "us-east-1"),
                    ("logs", "2026-11-19T06:02:00", "us-east-1"),
                    ("s3", "2026-11-19T06:01:00", "us-east-1")),
    }],
    "users": [
        user("alice.nguyen", "/people/", "2022-03-14T09:12:44", mfa=True,
             pw=pw("2025-09-30T08:01:13", "2026-11-18T09:02:17"),
             k1=key(True, "2025-10-06T13:40:55", "2026-11-19T20:15:00", "eu-west-1", "ec2"),
             advisor=adv(("cloudwatch", "2026-11-18T09:05:00", "eu-west-1"),
                         ("ec2", "2026-11-19T20:15:00", "eu-west-1"),
                         ("logs", "2026-11-12T16:30:00", "eu-west-1"),
                         ("s3", "2026-11-19T19:58:00", "eu-west-1")),
             job_done="2026-11-19T21:31:07",
             groups=["developers"], policies=managed("ReadOnlyAccess"),
             tags=tags(Team="payments")),
        user("svc-billing-export", "/services/", "2024-03-11T09:15:02",
             k1=key(True, "2024-03-11T09:15:40", "2026-11-16T21:05:00", "N/A", "s3"),
             advisor=adv(("athena", "2026-11-16T21:03:00", "us-east-1"),
                         ("glue", "2026-11-16T20:58:00", "us-east-1"),
                         ("s3", "2026-11-16T21:05:00", "us-east-1")),
             job_done="2026-11-19T21:31:52",
             policies=managed("AmazonAthenaFullAccess")),
        user("svc-legacy-etl", "/services/", "2021-08-23T14:30:19",
             k1=key(True, "2023-02-01T10:04:27", "2026-05-03T14:27:00", "us-east-1", "glue"),
             advisor=adv(("athena", "2026-04-18T02:00:00", "us-east-1"),
                         ("glue", "2026-05-03T14:27:00", "us-east-1"),
                         ("s3", "2026-05-03T14:25:00", "us-east-1")),
             job_done="2026-11-19T21:32:20",
             groups=["etl-jobs"], tags=[]),
        user("dana.kowalski", "/people/", "2023-05-08T07:44:10", mfa=True,
             pw=pw("2025-11-03T08:20:41", "2026-09-01T10:12:33"),
             advisor=adv(("cloudwatch", "2026-09-01T10:14:00", "us-east-1"),
                         ("logs", "2026-08-19T11:03:00", "us-east-1")),
             job_done="2026-11-19T21:33:05",
             groups=["developers"], policies=managed("ReadOnlyAccess"),
             tags=tags(Team="data")),
        user("old-reporting", "/ops/", "2021-02-17T16:05:51",
             k1=key(False, "2022-06-14T12:01:55", "2023-01-10T04:22:00", "us-west-2", "athena"),
             advisor=adv(),
             job_done="2026-11-19T21:33:40",
             policies=managed("AmazonAthenaFullAccess"), tags=[]),
        user("contractor-jlee", "/people/contractors/", "2026-02-02T10:00:27", mfa=True,
             pw=pw("2026-02-02T10:03:05", "2026-07-22T15:48:09"),
             advisor=adv(("cloudformation", "2026-07-22T15:50:00", "us-east-1")),
             job_done="2026-11-19T21:34:12",
             groups=["contractors"], tags=tags(Company="Example Consulting")),
        user("vendor-datadog", "/vendor/", "2020-10-05T12:00:03",
             k1=key(True, "2024-10-01T09:30:44", "2026-03-09T07:10:00", "us-east-1",
                    "cloudwatch"),
             advisor=adv(("cloudwatch", "2026-03-09T07:10:00", "us-east-1")),
             job_done="2026-11-19T21:35:02",
             policies=managed("CloudWatchReadOnlyAccess"),
             tags=tags(Owner="observability", DormantExempt="true")),
        user("vendor-statuspage", "/vendor/", "2023-07-19T18:22:36",
             k1=key(True, "2025-07-21T09:00:51", "2026-11-19T12:00:00", "us-east-1",
                    "cloudwatch"),
             advisor=adv(("cloudwatch", "2026-11-19T12:00:00", "us-east-1")),
             job_done="2026-11-19T21:35:37",
             policies=managed("CloudWatchReadOnlyAccess"),
             tags=tags(Owner="sre", DormantExempt="false")),
        user("marta.schmidt", "/people/", "2022-11-28T08:30:00", mfa=True,
             pw=pw("2025-12-15T09:11:20", "2026-06-23T08:41:17"),
             k1=key(True, "2026-01-12T14:22:08", "2026-11-19T08:11:00", "eu-central-1", "ecr"),
             advisor=adv(("cloudwatch", "2026-06-23T08:45:00", "eu-central-1"),
                         ("ecr", "2026-11-19T08:11:00", "eu-central-1"),
                         ("s3", "2026-11-18T15:40:00", "eu-central-1")),
             job_done="2026-11-19T21:36:15",
             groups=["developers", "platform"], policies=managed("ReadOnlyAccess")),
        user("gh-actions-deploy", "/ci/", "2024-06-03T11:14:52",
             k1=key(True, "2026-09-01T00:00:15", "2026-11-19T17:42:00", "us-east-1",
                    "cloudformation"),
             k2=key(False, "2026-06-02T00:00:12", "2026-08-31T23:50:00", "us-east-1",
                    "cloudformation"),
             advisor=adv(("cloudformation", "2026-11-19T17:42:00", "us-east-1"),
                         ("s3", "2026-11-19T17:41:00", "us-east-1")),
             job_done="2026-11-19T21:36:49",
             policies=managed("AWSCloudFormationFullAccess"), tags=tags(Pipeline="github")),
        user("backup,nightly", "/ops/", "2022-09-05T03:00:41",
             k1=key(True, "2025-09-05T03:02:10", "2026-11-19T02:00:00", "N/A", "s3"),
             advisor=adv(("backup", "2026-11-19T02:00:00", "us-east-1"),
                         ("s3", "2026-11-19T02:00:00", "us-east-1")),
             job_done="2026-11-19T21:37:30",
             policies=managed("AWSBackupOperatorAccess"), tags=[]),
        user("svc-payments-sync", "/services/", "2024-01-15T10:20:03",
             k1=key(True, "2024-01-15T10:22:31", "2026-04-30T03:18:00", "us-east-1", "sqs"),
             k2=key(True, "2026-11-12T16:05:12"),
             advisor=adv(("kms", "2026-11-18T19:22:00", "us-east-1"),
                         ("secretsmanager", "2026-11-12T16:20:00", "us-east-1"),
                         ("sqs", "2026-11-18T19:22:00", "us-east-1")),
             job_done="2026-11-19T21:38:03",
             groups=["payments"], tags=tags(Team="payments")),
    ],
}

# --- account 444455556666: CLI v2 exports ---------------------------------------------------

ACCOUNT_2 = {
    "account": "444455556666",
    "cli": 2,
    "generated": t("2026-11-19T23:41:27"),
    "root": {"created": t("2018-01-09T11:02:37"), "pw_used": t("2026-08-14T10:05:19"),
             "mfa": True,
             "k1": key(True, "2018-01-09T11:40:12", "2025-12-03T22:17:00", "N/A", "s3"),
             "k2": key(False, "2018-01-09T11:02:37")},
    "role_docs": [],
    "users": [
        user("tomasz.wojcik", "/people/", "2020-04-20T08:15:33", mfa=True,
             pw=pw("2026-04-20T08:01:12", "2026-11-19T07:55:41", "2027-04-20T08:01:12"),
             advisor=adv(("cloudwatch", "2026-11-19T08:01:00", "eu-west-1"),
                         ("ec2", "2026-11-19T08:03:00", "eu-west-1"),
                         ("ssm", "2026-11-17T13:10:00", "eu-west-1")),
             job_done="2026-11-19T23:02:11",
             groups=["sre"], policies=managed("PowerUserAccess"),
             tags=tags(Team="sre")),
        user("svc-queue-worker", "/services/", "2023-03-02T12:00:54",
             k1=key(True, "2026-09-14T10:31:07", "2026-11-19T23:15:00", "eu-west-1", "sqs"),
             k2=key(True, "2026-03-16T10:29:45", "2026-11-18T06:00:00", "eu-west-1", "sqs"),
             advisor=adv(("sqs", "2026-11-19T22:47:00", "eu-west-1")),
             job_done="2026-11-19T23:03:40",
             policies=managed("AmazonSQSFullAccess"), tags=tags(Owner="orders")),
        user("svc-reports-archiver", "/services/", "2025-02-10T15:44:09",
             k1=key(True, "2025-02-10T15:47:30"),
             advisor=adv(),
             job_done="2026-11-19T23:04:18",
             policies=managed("AmazonS3FullAccess"), tags=[]),
        user("priya.raman", "/people/", "2021-06-07T09:00:18", mfa=True,
             pw=pw("2025-12-01T10:30:02", "2026-07-14T16:03:22", "2026-12-01T10:30:02"),
             k1=key(False, "2024-05-20T08:00:13", "2025-10-02T12:41:00", "us-east-1", "sts"),
             advisor=adv(("cloudformation", "2026-07-14T16:10:00", "eu-west-1"),
                         ("s3", "2026-07-14T16:08:00", "eu-west-1")),
             job_done="2026-11-19T23:05:02",
             groups=["developers"], policies=managed("ReadOnlyAccess")),
        user("omar.haddad", "/people/", "2024-09-16T07:30:45", mfa=True,
             pw=pw("2025-09-16T07:45:10", "2026-08-27T15:30:02", "2026-09-16T07:45:10"),
             k1=key(True, "2025-06-10T11:12:31", "2026-08-25T09:14:00", "eu-west-1", "lambda"),
             advisor=adv(("lambda", "2026-08-27T15:36:00", "eu-west-1"),
                         ("logs", "2026-08-27T15:33:00", "eu-west-1")),
             job_done="2026-11-19T23:05:44",
             groups=["developers"], tags=tags(Team="notifications")),
        user("terraform-state", "/ops/", "2022-01-25T13:45:00",
             k1=key(True, "2025-11-25T09:00:12", "2026-11-13T16:02:00", "N/A", "s3"),
             advisor=adv(("dynamodb", "2026-11-13T16:05:00", "eu-west-1"),
                         ("s3", "2026-11-13T16:02:00", "eu-west-1")),
             job_done="2026-11-19T23:06:29",
             policies=managed("AdministratorAccess"), tags=tags(Owner="platform")),
        user("hana.suzuki", "/people/", "2025-04-01T09:20:30", mfa=True,
             pw=pw("2025-04-01T09:25:02", "2026-11-14T10:44:26", "2027-04-01T09:25:02"),
             k2=key(True, "2026-05-12T08:12:57", "2026-11-10T12:31:00", "ap-northeast-1", "s3"),
             advisor=adv(("athena", "2026-11-10T12:31:00", "ap-northeast-1"),
                         ("s3", "2026-11-14T10:52:00", "ap-northeast-1")),
             job_done="2026-11-19T23:07:15",
             groups=["analysts"], policies=managed("AmazonAthenaFullAccess")),
        user("k8s-external-dns", "/ops/", "2023-10-30T10:12:48",
             k1=key(True, "2025-10-28T09:58:21", "2026-11-19T23:30:00", "N/A", "route53"),
             advisor=adv(("route53", "2026-11-19T22:55:00", "us-east-1")),
             job_done="2026-11-19T23:07:58",
             policies=managed("AmazonRoute53FullAccess")),
        user("svc-new-ingest", "/services/", "2026-11-18T15:03:27",
             k1=key(True, "2026-11-18T15:03:59"),
             advisor=adv(),
             job_done="2026-11-19T23:08:36",
             policies=managed("AmazonKinesisFullAccess"), tags=tags(Owner="ingest")),
        user("lin.zhang", "/people/", "2026-03-03T09:18:02",
             pw=pw("2026-03-03T09:20:44", "no_information", "2027-03-03T09:20:44"),
             k1=key(True, "2026-03-03T09:25:10", "2026-11-18T17:34:00", "us-west-2", "eks"),
             advisor=adv(("ecr", "2026-11-18T17:30:00", "us-west-2"),
                         ("eks", "2026-11-18T17:34:00", "us-west-2")),
             job_done="2026-11-19T23:09:20",
             groups=["developers"], policies=managed("ReadOnlyAccess"), tags=[]),
        user("svc-ftp-bridge", "/legacy/", "2019-11-04T10:03:26",
             k1=key(False, "2019-11-04T10:04:02", "2024-02-28T23:10:00", "eu-west-1", "s3"),
             k2=key(False, "2023-04-18T08:40:51"),
             advisor=adv(),
             job_done="2026-11-19T23:10:01",
             policies=managed("AmazonS3ReadOnlyAccess")),
        user("svc-soap-gateway", "/services/", "2019-08-21T12:58:10",
             c1=cert(True, "2019-08-21T13:02:45"),
             advisor="IN_PROGRESS",
             job_done="2026-11-19T23:40:12",  # here: the JobCreationDate of the running job
             policies=managed("AmazonEC2ReadOnlyAccess"), tags=tags(Owner="legacy-integrations")),
    ],
}

# --- account 777788889999: bare console CSV, no IAM details ---------------------------------

ACCOUNT_3 = {
    "account": "777788889999",
    "cli": 2,
    "csv_name": "status_reports_2026-11-19T22_10_04.csv",
    "generated": None,
    "root": {"created": t("2023-02-14T09:30:07"), "pw_used": "no_information", "mfa": True,
             "k1": None, "k2": None},
    "role_docs": [],
    "users": [
        user("migr-ldap-sync", "/ops/", "2025-03-10T08:00:41",
             k1=key(True, "2025-03-10T08:01:15", "2026-06-30T11:52:00", "eu-central-1",
                    "secretsmanager"),
             advisor=adv(("secretsmanager", "2026-06-30T11:52:00", "eu-central-1"),
                         ("ssm", "2026-06-30T11:50:00", "eu-central-1")),
             job_done="2026-11-19T20:41:09"),
        user("marko.kovac", "/people/", "2026-06-01T08:58:40",
             pw=pw("2026-06-01T09:00:12", "no_information"),
             advisor=adv(),
             job_done="2026-11-19T20:41:47"),
        user("erik.larsen", "/people/", "2021-10-11T08:44:56", mfa=True,
             pw=pw("2026-05-04T07:30:18", "2026-11-16T14:03:51"),
             k1=key(True, "2024-02-12T10:05:33", "2026-02-11T07:45:00", "eu-west-1", "ec2"),
             advisor=adv(("cloudwatch", "2026-11-16T14:05:00", "eu-west-1"),
                         ("ec2", "2026-11-16T14:07:00", "eu-west-1")),
             job_done="2026-11-19T20:42:30"),
        user("sofia.rossi", "/people/", "2024-01-08T09:01:19", mfa=True,
             pw=pw("2026-01-08T09:03:40", "2026-11-13T08:37:12"),
             advisor=adv(("athena", "2026-11-13T08:40:00", "eu-west-1")),
             job_done="2026-11-19T20:43:04"),
        user("svc-metrics-push", "/services/", "2022-07-18T06:20:09",
             k1=key(True, "2025-07-14T06:25:31", "2026-11-19T20:45:00", "eu-west-1",
                    "cloudwatch"),
             advisor=adv(("cloudwatch", "2026-11-19T20:30:00", "eu-west-1")),
             job_done="2026-11-19T20:43:51"),
        user("ansible-runner", "/ops/", "2023-04-03T11:27:45",
             k1=key(True, "2026-04-01T11:30:02", "2026-11-19T04:10:00", "eu-west-1", "ec2"),
             k2=key(False, "2025-04-02T11:28:17", "2026-04-01T11:24:00", "eu-west-1", "ec2"),
             advisor=adv(("ec2", "2026-11-19T04:10:00", "eu-west-1"),
                         ("ssm", "2026-11-19T04:08:00", "eu-west-1")),
             job_done="2026-11-19T20:44:25"),
        user("svc-nightly-batch", "/services/", "2025-09-02T04:10:55",
             k1=key(True, "2025-09-02T04:11:09", "2026-11-20T01:37:00", "eu-west-1", "states"),
             advisor=adv(("s3", "2026-11-19T01:40:00", "eu-west-1"),
                         ("states", "2026-11-19T01:37:00", "eu-west-1")),
             job_done="2026-11-19T20:45:02"),
        user("svc-geo-lookup", "/services/", "2024-05-27T13:02:44",
             k1=key(True, "2025-05-26T13:05:18", "2026-08-31T06:20:00", "eu-west-1",
                    "dynamodb"),
             advisor=adv(("dynamodb", "2026-08-31T06:20:00", "eu-west-1"),
                         ("lambda", "2026-08-30T22:00:00", "eu-west-1")),
             job_done="2026-11-19T20:45:40"),
        user("jonas.weber", "/people/", "2020-02-03T08:30:12",
             advisor="EMPTY",
             job_done="2026-11-19T20:46:13"),
        user("gitlab-runner", "/ci/", "2023-08-14T10:40:03",
             k1=key(True, "2026-08-14T10:45:27", "2026-11-19T18:02:00", "eu-west-1", "ecr"),
             advisor=adv(("ecr", "2026-11-19T18:02:00", "eu-west-1"),
                         ("s3", "2026-11-19T18:01:00", "eu-west-1")),
             job_done="2026-11-19T20:46:55"),
        user("nora.lindqvist", "/people/", "2025-08-18T07:59:31", mfa=True,
             pw=pw("2025-08-18T08:05:47", "2026-11-18T13:22:05"),
             advisor=adv(("organizations", "2026-11-18T13:25:00", "us-east-1")),
             job_done="2026-11-19T20:47:31"),
        user("exporter,finance", "/services/", "2024-11-04T16:15:51",
             k1=key(True, "2025-11-03T16:20:37", "2026-11-01T05:00:00", "N/A", "s3"),
             advisor=adv(("s3", "2026-11-01T05:00:00", "eu-west-1")),
             job_done="2026-11-19T20:48:06"),
    ],
}

ACCOUNTS = [ACCOUNT_1, ACCOUNT_2, ACCOUNT_3]


# --- writers --------------------------------------------------------------------------------

def csv_field(value):
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def user_arn(account, u):
    return "arn:aws:iam::%s:user%s%s" % (account, u["path"], u["name"])


def key_cells(k):
    if k is None:
        return ["false", "N/A", "N/A", "N/A", "N/A"]
    return ["true" if k["active"] else "false",
            csv_time(k["rotated"]) if k["rotated"] else "N/A",
            csv_time(k["used"]) if k["used"] else "N/A",
            k["region"], k["service"]]


def cert_cells(c):
    if c is None:
        return ["false", "N/A"]
    return ["true" if c["active"] else "false", csv_time(c["rotated"]) if c["rotated"] else "N/A"]


def report_csv(acc):
    rows = [HEADER]
    r = acc["root"]
    rows.append(["<root_account>", "arn:aws:iam::%s:root" % acc["account"],
                 csv_time(r["created"]), "not_supported",
                 r["pw_used"] if r["pw_used"] == "no_information" else csv_time(r["pw_used"]),
                 "not_supported", "not_supported", "true" if r["mfa"] else "false"]
                + key_cells(r["k1"]) + key_cells(r["k2"]) + cert_cells(None) + cert_cells(None))
    for u in sorted(acc["users"], key=lambda u: u["name"]):
        p = u["pw"]
        if p:
            pw_cells = ["true",
                        p["used"] if p["used"] == "no_information" else csv_time(p["used"]),
                        csv_time(p["changed"]), csv_time(p["next"]) if p["next"] else "N/A"]
        else:
            pw_cells = ["false", "N/A", "N/A", "N/A"]
        rows.append([u["name"], user_arn(acc["account"], u), csv_time(u["created"])] + pw_cells
                    + ["true" if u["mfa"] else "false"]
                    + key_cells(u["k1"]) + key_cells(u["k2"])
                    + cert_cells(u["c1"]) + cert_cells(u["c2"]))
    for row in rows:
        assert len(row) == len(HEADER), row
    # AWS writes LF line ends and no newline after the last row.
    return "\n".join(",".join(csv_field(f) for f in row) for row in rows)


def advisor_doc(acc, arn, used, done, status="COMPLETED", empty=False):
    cli = acc["cli"]
    d = digest("jobtimes", arn)
    frac_created = [1, 123, 466, 929, 999][d[0] % 5]
    frac_done = [0, 241, 466, 0, 929][d[1] % 5]
    doc = {"Arn": arn, "JobId": job_id(arn), "JobStatus": status, "JobType": "SERVICE_LEVEL"}
    if status == "IN_PROGRESS":
        doc["JobCreationDate"] = cli_time(done, cli, frac_created)
        return doc
    created = done - dt.timedelta(seconds=4 + d[2] % 30)
    doc["JobCreationDate"] = cli_time(created, cli, frac_created)
    doc["JobCompletionDate"] = cli_time(done, cli, frac_done)
    services = []
    if not empty:
        used_ns = {ns: (when, region) for ns, when, region in used}
        for ns in used_ns:
            assert ns in SERVICES, ns
            assert used_ns[ns][0] <= done, (arn, ns)
        count = 20 + digest("count", arn)[0] % 21
        ranked = sorted(SERVICES, key=lambda ns: digest("pick", arn, ns))
        chosen = set(ranked[:count]) | set(used_ns)
        for ns in sorted(chosen):
            if ns in used_ns:
                when, region = used_ns[ns]
                services.append({"ServiceName": SERVICES[ns],
                                 "LastAuthenticated": cli_time(when, cli),
                                 "ServiceNamespace": ns,
                                 "LastAuthenticatedEntity": arn,
                                 "LastAuthenticatedRegion": region,
                                 "TotalAuthenticatedEntities": 1})
            else:
                services.append({"ServiceName": SERVICES[ns], "ServiceNamespace": ns,
                                 "TotalAuthenticatedEntities": 0})
    doc["ServicesLastAccessed"] = services
    doc["IsTruncated"] = False
    return doc


def advisor_ndjson(acc):
    docs = []
    for u in acc["users"]:
        a = u["advisor"]
        if a is None:
            continue
        arn = user_arn(acc["account"], u)
        if a == "IN_PROGRESS":
            docs.append(advisor_doc(acc, arn, [], u["job_done"], status="IN_PROGRESS"))
        elif a == "EMPTY":
            docs.append(advisor_doc(acc, arn, [], u["job_done"], empty=True))
        else:
            docs.append(advisor_doc(acc, arn, a, u["job_done"]))
    for r in acc["role_docs"]:
        docs.append(advisor_doc(acc, r["arn"], r["used"], r["done"]))
    # The exporter writes jobs in the order they were started.
    docs.sort(key=lambda d: d["JobCreationDate"])
    return "".join(json.dumps(d, separators=(",", ":"), ensure_ascii=False) + "\n" for d in docs)


def iam_details(acc):
    entries = []
    for u in sorted(acc["users"], key=lambda u: u["name"]):
        e = {"Path": u["path"], "UserName": u["name"], "UserId": user_id(acc["account"], u["name"]),
             "Arn": user_arn(acc["account"], u), "CreateDate": cli_time(u["created"], acc["cli"]),
             "GroupList": u["groups"], "AttachedManagedPolicies": u["policies"]}
        if u["tags"] is not ABSENT:
            e["Tags"] = u["tags"]
        entries.append(e)
    # Exported with `aws iam get-account-authorization-details --filter User`.
    doc = {"UserDetailList": entries, "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
    return json.dumps(doc, indent=4, ensure_ascii=False) + "\n"


def credential_report_json(acc):
    body = report_csv(acc).encode("utf-8")
    doc = {"Content": base64.b64encode(body).decode("ascii"), "ReportFormat": "text/csv",
           "GeneratedTime": cli_time(acc["generated"], acc["cli"])}
    return json.dumps(doc, indent=4) + "\n"


POLICY = {
    "version": 1,
    "idle_days": {"user": 90, "password": 90, "access_key": 90},
    "warn_days": 14,
    "evidence": {
        "require_access_advisor": False,
        "max_report_age_hours": 24,
        "max_access_advisor_age_hours": 72,
        "attribution_slack_hours": 24,
    },
    "guardrails": {
        "max_actions_per_run": 500,
        "max_action_percent_per_account": 50,
        "min_actions_before_percent": 3,
    },
    "exemptions": [
        {"id": "ci-pipeline",
         "reason": "CI users: their keys are rotated by the pipeline itself",
         "match": {"path_prefix": "/ci/"}},
        {"id": "vendor-tagged",
         "reason": "Vendor integrations whose owners opted out with the DormantExempt tag",
         "match": {"path_prefix": "/vendor/", "tag": {"key": "DormantExempt", "value": "true"}}},
        {"id": "contractor-q4",
         "reason": "Contractor accounts kept until the Q4 contract review",
         "expires": "2026-12-01",
         "match": {"user": "contractor-*"}},
        {"id": "migration-2026q2",
         "reason": "Directory migration users, kept until the migration ended",
         "expires": "2026-07-01",
         "match": {"user": "migr-*"}},
        {"id": "breakglass",
         "reason": "Emergency access users, reviewed quarterly",
         "match": {"user": "breakglass-*"}},
    ],
}


def write(rel, text):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main():
    write("policy.json", json.dumps(POLICY, indent=2) + "\n")
    for acc in ACCOUNTS:
        base = os.path.join("exports", acc["account"])
        if acc["generated"] is None:
            write(os.path.join(base, acc["csv_name"]), report_csv(acc))
        else:
            write(os.path.join(base, "credential-report.json"), credential_report_json(acc))
            write(os.path.join(base, "iam-details.json"), iam_details(acc))
        write(os.path.join(base, "access-advisor", "part-0000.ndjson"), advisor_ndjson(acc))


if __name__ == "__main__":
    main()
