#!/usr/bin/env python3
"""A small in-memory stand-in for the AWS IAM and STS Query APIs, for testing
scripts/export-aws.sh and the scripts of `dormant plan` with the real AWS CLI.

It serves, on 127.0.0.1 only, the operations those scripts call, with the XML of the
botocore service models (IAM 2010-05-08, STS 2011-06-15):

  read:  GetCallerIdentity (STS), GenerateCredentialReport, GetCredentialReport, ListUsers,
         GetUser, GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails,
         GetAccountAuthorizationDetails, ListAccessKeys, GetAccessKeyLastUsed,
         GetLoginProfile, ListSigningCertificates
  write: UpdateAccessKey, DeleteLoginProfile, UpdateSigningCertificate, CreateLoginProfile
         (what a person runs after `dormant plan --undo`)

The account (111122223333) is built relative to the time the stub starts, so that an
export taken during a test is fresh. It models what IAM does, with delays short enough for a
test (every one an option):

  * Access-advisor jobs are IN_PROGRESS for --job-seconds after they start, and a JobId
    belongs to the session that started it: GetServiceLastAccessedDetails from other
    credentials (another access key id in the request's signature, as after an assumed role's
    session was renewed) answers NoSuchEntity, as for a job that does not exist.
  * Job pages hold at most 3 services (AWS: 100), so users with more need Marker pages;
    ListUsers and GetAccountAuthorizationDetails pages hold 2 users.
  * The first job of user `flaky` FAILS (JobStatus FAILED with an Error).
  * The credential report takes --report-seconds to generate (GenerateCredentialReport says
    STARTED, then INPROGRESS, GetCredentialReport answers ReportInProgress meanwhile), and
    is then reused for four hours like IAM's, whatever changed in the account: a
    GenerateCredentialReport within that time says COMPLETE and changes nothing. A report
    four hours old is expired: GetCredentialReport answers ReportExpired until a new one is
    generated. The stub's clock is the real one plus the seconds in --clock-file (read on
    every request), so a test can move four hours on.
  * --fault ACTION:CODE:STATUS:COUNT[:paged] makes the next COUNT requests of ACTION fail
    with that IAM error (`paged`: only requests that carry a Marker, i.e. a page after the
    first). A ReportExpired fault on GetCredentialReport also expires the current report.
  * --delete-after-list USER deletes USER once a ListUsers request has served its last page
    (it is then in ListUsers and the credential report, but its job start says NoSuchEntity
    and it is missing from the IAM details).
  * --extra-users N adds N ordinary users `bulk-0001`..., for measurements; --add-user NAME
    adds one named NAME (e.g. `Throttling`, a name that is also an error code).

Every request is appended to --log as one line `Action key=value ...` (the request
parameters, sorted), so a test can count calls, and to --scope-log as one line
`Action REGION ACCESS_KEY_ID` (from the request's signature). The server stops by itself
after --lifetime seconds.

Usage: iam_stub.py --port-file FILE [--log FILE] [--scope-log FILE] [--lifetime SECONDS]
                   [--clock-file FILE] [--job-seconds S] [--report-seconds S]
                   [--fault ACTION:CODE:STATUS:COUNT[:paged]]... [--delete-after-list USER] [--extra-users N]
                   [--add-user NAME]...
"""

import argparse
import base64
import csv
import datetime
import io
import os
import re
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

ACCOUNT = "111122223333"
IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
JOB_PAGE = 3
USER_PAGE = 2
REPORT_REUSE = datetime.timedelta(hours=4)

START = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
CLOCK_FILE = None


def now():
    """The stub's clock: the real time plus the seconds written in --clock-file."""
    offset = 0.0
    if CLOCK_FILE:
        try:
            with open(CLOCK_FILE, encoding="utf-8") as f:
                offset = float(f.read().strip() or 0)
        except FileNotFoundError:
            pass
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset)


def ago(days=0, hours=0, minutes=0):
    """An instant relative to the stub's start, truncated to the minute like IAM's last-used
    times are."""
    t = START - datetime.timedelta(days=days, hours=hours, minutes=minutes)
    return t.replace(second=0)


def wire_time(t):
    """IAM's wire format: `2026-11-20T00:00:00Z`, with milliseconds when there are any."""
    if t.microsecond:
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def report_time(t):
    """The credential report's format: `2026-11-20T00:00:00+00:00`."""
    return t.strftime("%Y-%m-%dT%H:%M:%S+00:00")


class StubError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def no_such_entity(message):
    return StubError(404, "NoSuchEntity", message)


# --- the account -----------------------------------------------------------------------

class AccessKey:
    def __init__(self, key_id, created, last_used=None, service="s3", active=True):
        self.key_id = key_id
        self.created = created
        self.last_used = last_used
        self.service = service
        self.active = active


class Certificate:
    def __init__(self, cert_id, uploaded, active=True):
        self.cert_id = cert_id
        self.uploaded = uploaded
        self.active = active


class User:
    def __init__(self, name, path, created, user_id, password=None, keys=(), certs=(),
                 services=(), tags=()):
        self.name = name
        self.path = path
        self.created = created
        self.user_id = user_id
        # password: None, or (created, last_changed, last_used or None)
        self.password = password
        self.password_last_used = password[2] if password else None
        self.keys = list(keys)
        self.certs = list(certs)
        # services: (namespace, name, last_authenticated or None)
        self.services = sorted(services)
        self.tags = list(tags)

    @property
    def arn(self):
        return "arn:aws:iam::%s:user%s%s" % (ACCOUNT, self.path, self.name)


def unused(*namespaces):
    return [(ns, "Amazon " + ns.upper(), None) for ns in namespaces]


def make_users():
    users = [
        # Recently active with a password and a key: keep.
        User("alice", "/", ago(500), "AIDAALICE00000000001",
             password=(ago(500), ago(100), ago(3)),
             keys=[AccessKey("AKIAALICE0000000001", ago(400), ago(1), "iam")],
             services=[("iam", "AWS Identity and Access Management", ago(1)),
                       ("s3", "Amazon S3", ago(3))] + unused("ec2"),
             tags=[("team", "core")]),
        # An idle password, a key in daily use: the password is pruned.
        User("bob", "/staff/", ago(400), "AIDABOB0000000000001",
             password=(ago(300), ago(300), ago(150)),
             keys=[AccessKey("AKIABOB00000000001", ago(200), ago(2), "s3")],
             services=[("s3", "Amazon S3", ago(2))] + unused("ec2", "sqs")),
        # An API-only service user idle for 200 days: deactivated. Eight services: three
        # pages of the access-advisor job.
        User("svc-idle", "/svc/", ago(600), "AIDASVCIDLE000000001",
             keys=[AccessKey("AKIASVCIDLE0000001", ago(500), ago(200), "sqs"),
                   AccessKey("AKIASVCIDLE0000002", ago(550), ago(540), "sqs", active=False)],
             services=[("sqs", "Amazon SQS", ago(200))] +
             unused("ec2", "s3", "sns", "kms", "logs", "lambda", "dynamodb")),
        # Already deactivated: nothing to do.
        User("carol", "/", ago(300), "AIDACAROL00000000001",
             keys=[AccessKey("AKIACAROL000000001", ago(250), ago(240), "s3", active=False)],
             services=unused("s3")),
        # A never-used key and a signing certificate, under a path full of shell hazards:
        # both are deactivated.
        User("ci.deploy@legacy", "/o'k;$(x)\"\\`/", ago(700), "AIDACIDEPLOY00000001",
             keys=[AccessKey("AKIACIDEPLOY000001", ago(650))],
             certs=[Certificate("CERTCIDEPLOY00000000000000000001", ago(640))],
             services=unused("codecommit", "s3")),
        # A recent console user whose first access-advisor job fails.
        User("flaky", "/", ago(100), "AIDAFLAKY00000000001",
             password=(ago(100), ago(100), ago(10)),
             services=[("iam", "AWS Identity and Access Management", ago(10))]),
        # A new user whose key was never used yet: keep.
        User("newbie", "/", ago(20), "AIDANEWBIE0000000001",
             keys=[AccessKey("AKIANEWBIE00000001", ago(20))],
             services=unused("s3")),
    ]
    return {u.name: u for u in users}


def bulk_users(n):
    """N ordinary users: a password used a week ago and a key used yesterday (keep)."""
    return [User("bulk-%04d" % i, "/bulk/", ago(300), "AIDABULK%012d" % i,
                 password=(ago(300), ago(200), ago(7)),
                 keys=[AccessKey("AKIABULK%010d" % i, ago(250), ago(1), "s3")],
                 services=[("s3", "Amazon S3", ago(1))] + unused("ec2", "sqs"))
            for i in range(1, n + 1)]


class Job:
    def __init__(self, job_id, user, fail, session, seconds):
        self.job_id = job_id
        self.user = user
        self.session = session
        self.created = now()
        self.done_at = self.created + datetime.timedelta(seconds=seconds)
        self.fail = fail


class Fault:
    def __init__(self, spec):
        parts = spec.split(":")
        if len(parts) not in (4, 5) or (len(parts) == 5 and parts[4] != "paged"):
            raise argparse.ArgumentTypeError("--fault ACTION:CODE:STATUS:COUNT[:paged]")
        self.action, self.code = parts[0], parts[1]
        self.status, self.count = int(parts[2]), int(parts[3])
        self.paged = len(parts) == 5


class Account:
    """The whole mutable state; every method runs under `lock`."""

    def __init__(self, args):
        self.lock = threading.Lock()
        self.users = make_users()
        self.users.update({u.name: u for u in bulk_users(args.extra_users)})
        for name in args.add_user:
            self.users[name] = User(name, "/", ago(30), "AIDAADDED%011d" % len(self.users),
                                    keys=[AccessKey("AKIAADDED%09d" % len(self.users), ago(30),
                                                    ago(1), "s3")],
                                    services=[("s3", "Amazon S3", ago(1))])
        self.report = None        # (content bytes, generated time)
        self.report_started = None
        self.report_seconds = datetime.timedelta(seconds=args.report_seconds)
        self.job_seconds = args.job_seconds
        self.jobs = {}
        self.failed_once = set()
        self.faults = list(args.fault)
        self.delete_after_list = args.delete_after_list

    def inject_fault(self, action, params):
        """Raises the first pending --fault for this request, if any."""
        for f in self.faults:
            if f.count > 0 and f.action == action and (not f.paged or "Marker" in params):
                f.count -= 1
                if action == "GetCredentialReport" and f.code == "ReportExpired":
                    self.report = None
                raise StubError(f.status, f.code, "Injected by the stub (%s)." % f.code)

    def user(self, name):
        if name not in self.users:
            raise no_such_entity("The user with name %s cannot be found." % name)
        return self.users[name]

    # credential report

    def credential_report_csv(self):
        header = ["user", "arn", "user_creation_time", "password_enabled", "password_last_used",
                  "password_last_changed", "password_next_rotation", "mfa_active",
                  "access_key_1_active", "access_key_1_last_rotated",
                  "access_key_1_last_used_date", "access_key_1_last_used_region",
                  "access_key_1_last_used_service", "access_key_2_active",
                  "access_key_2_last_rotated", "access_key_2_last_used_date",
                  "access_key_2_last_used_region", "access_key_2_last_used_service",
                  "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"]
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header)
        w.writerow(["<root_account>", "arn:aws:iam::%s:root" % ACCOUNT, report_time(ago(900)),
                    "not_supported", report_time(ago(60)), "not_supported", "not_supported",
                    "true"] + ["false", "N/A", "N/A", "N/A", "N/A"] * 2 +
                   ["false", "N/A", "false", "N/A"])
        for u in sorted(self.users.values(), key=lambda x: x.name):
            row = [u.name, u.arn, report_time(u.created)]
            if u.password:
                _, changed, last_used = u.password
                row += ["true", report_time(last_used) if last_used else "no_information",
                        report_time(changed), "N/A"]
            else:
                # No console password: AWS writes N/A, which never means "never logged in".
                row += ["false", "N/A", "N/A", "N/A"]
            row.append("false")
            keys = sorted(u.keys, key=lambda k: k.created)
            for i in range(2):
                if i < len(keys):
                    k = keys[i]
                    used = k.last_used is not None
                    row += ["true" if k.active else "false", report_time(k.created),
                            report_time(k.last_used) if used else "N/A",
                            "us-east-1" if used else "N/A", k.service if used else "N/A"]
                else:
                    row += ["false", "N/A", "N/A", "N/A", "N/A"]
            certs = sorted(u.certs, key=lambda c: c.uploaded)
            for i in range(2):
                if i < len(certs):
                    row += ["true" if certs[i].active else "false",
                            report_time(certs[i].uploaded)]
                else:
                    row += ["false", "N/A"]
            w.writerow(row)
        return out.getvalue().encode()

    def finish_report(self, t):
        """Completes a generation that has run its time."""
        if self.report_started is not None and t - self.report_started >= self.report_seconds:
            self.report = (self.credential_report_csv(),
                           (self.report_started + self.report_seconds).replace(microsecond=0))
            self.report_started = None

    def generate_credential_report(self, _params):
        t = now()
        self.finish_report(t)
        if self.report_started is not None:
            return {"State": "INPROGRESS", "Description": "Report generation in progress"}
        if self.report is not None and t - self.report[1] < REPORT_REUSE:
            return {"State": "COMPLETE", "Description": "Report generation completed"}
        self.report_started = t
        return {"State": "STARTED",
                "Description": "No report exists. Starting a new report generation task"}

    def get_credential_report(self, _params):
        t = now()
        self.finish_report(t)
        if self.report_started is not None:
            raise StubError(404, "ReportInProgress",
                            "Report generation in progress. Wait and try again.")
        if self.report is None:
            raise StubError(410, "ReportNotPresent",
                            "Credential report not present. Use GenerateCredentialReport.")
        content, generated = self.report
        if t - generated >= REPORT_REUSE:
            raise StubError(410, "ReportExpired",
                            "Credential report expired. Use GenerateCredentialReport.")
        return {"Content": base64.b64encode(content).decode(), "ReportFormat": "text/csv",
                "GeneratedTime": wire_time(generated)}

    # users

    def user_xml(self, u, detail):
        d = {"Path": u.path, "UserName": u.name, "UserId": u.user_id, "Arn": u.arn,
             "CreateDate": wire_time(u.created)}
        if detail:
            d.update({"UserPolicyList": [], "GroupList": [], "AttachedManagedPolicies": []})
        elif u.password_last_used is not None:
            d["PasswordLastUsed"] = wire_time(u.password_last_used)
        if u.tags:
            d["Tags"] = [{"Key": k, "Value": v} for k, v in u.tags]
        return d

    def page(self, items, params, size):
        start = 0
        if "Marker" in params:
            try:
                start = int(params["Marker"].removeprefix("page-"))
            except ValueError as e:
                raise StubError(400, "InvalidInput", "Invalid Marker") from e
        size = min(size, int(params.get("MaxItems", size)))
        chunk = items[start:start + size]
        out = {"IsTruncated": "true" if start + size < len(items) else "false"}
        if start + size < len(items):
            out["Marker"] = "page-%d" % (start + size)
        return chunk, out

    def sorted_users(self):
        return [self.users[n] for n in sorted(self.users)]

    def list_users(self, params):
        chunk, out = self.page(self.sorted_users(), params, USER_PAGE)
        out["Users"] = [self.user_xml(u, False) for u in chunk]
        if out["IsTruncated"] == "false" and self.delete_after_list in self.users:
            del self.users[self.delete_after_list]
            self.delete_after_list = None
        return out

    def get_user(self, params):
        return {"User": self.user_xml(self.user(params["UserName"]), False)}

    def get_account_authorization_details(self, params):
        filters = [v for k, v in params.items() if k.startswith("Filter.member.")]
        users = self.sorted_users() if not filters or "User" in filters else []
        chunk, out = self.page(users, params, USER_PAGE)
        out.update({"UserDetailList": [self.user_xml(u, True) for u in chunk],
                    "GroupDetailList": [], "RoleDetailList": [], "Policies": []})
        return out

    # access advisor

    def generate_service_last_accessed_details(self, params):
        arn = params.get("Arn", "")
        user = next((u for u in self.users.values() if u.arn == arn), None)
        if user is None:
            raise no_such_entity("No entity with ARN %s." % arn)
        fail = user.name == "flaky" and user.name not in self.failed_once
        if fail:
            self.failed_once.add(user.name)
        job = Job(str(uuid.uuid4()), user, fail, params["__session"], self.job_seconds)
        self.jobs[job.job_id] = job
        return {"JobId": job.job_id}

    def get_service_last_accessed_details(self, params):
        job_id = params.get("JobId", "")
        job = self.jobs.get(job_id)
        # IAM: the JobId "must be used by the same role within a session, or by the same user".
        if job is None or job.session != params["__session"]:
            raise no_such_entity("The job with id %s cannot be found." % job_id)
        out = {"JobStatus": "IN_PROGRESS", "JobType": "SERVICE_LEVEL",
               "JobCreationDate": wire_time(job.created)}
        if now() < job.done_at:
            return out
        out["JobCompletionDate"] = wire_time(job.done_at)
        if job.fail:
            out["JobStatus"] = "FAILED"
            out["ServicesLastAccessed"] = []
            out["Error"] = {"Message": "An internal error occurred.", "Code": "ServiceFailure"}
            out["IsTruncated"] = "false"
            return out
        out["JobStatus"] = "COMPLETED"
        chunk, paging = self.page(job.user.services, params, JOB_PAGE)
        services = []
        for ns, name, last in chunk:
            s = {"ServiceName": name, "ServiceNamespace": ns}
            if last is not None:
                s.update({"LastAuthenticated": wire_time(last),
                          "LastAuthenticatedEntity": job.user.arn,
                          "LastAuthenticatedRegion": "us-east-1",
                          "TotalAuthenticatedEntities": "1"})
            else:
                s["TotalAuthenticatedEntities"] = "0"
            services.append(s)
        out["ServicesLastAccessed"] = services
        out.update(paging)
        return out

    # credentials

    def list_access_keys(self, params):
        u = self.user(params["UserName"])
        return {"AccessKeyMetadata": [
            {"UserName": u.name, "AccessKeyId": k.key_id,
             "Status": "Active" if k.active else "Inactive", "CreateDate": wire_time(k.created)}
            for k in sorted(u.keys, key=lambda k: k.created)], "IsTruncated": "false"}

    def find_key(self, key_id):
        for u in self.users.values():
            for k in u.keys:
                if k.key_id == key_id:
                    return u, k
        raise StubError(403, "AccessDenied", "The access key %s does not exist." % key_id)

    def get_access_key_last_used(self, params):
        u, k = self.find_key(params.get("AccessKeyId", ""))
        last = {"ServiceName": "N/A", "Region": "N/A"}
        if k.last_used is not None:
            last = {"LastUsedDate": wire_time(k.last_used), "ServiceName": k.service,
                    "Region": "us-east-1"}
        return {"UserName": u.name, "AccessKeyLastUsed": last}

    def update_access_key(self, params):
        u, k = self.find_key(params.get("AccessKeyId", ""))
        if params.get("UserName", u.name) != u.name:
            raise no_such_entity("The access key does not belong to user %s." % params["UserName"])
        status = params.get("Status")
        if status not in ("Active", "Inactive"):
            raise StubError(400, "ValidationError", "Invalid Status")
        k.active = status == "Active"
        return {}

    def get_login_profile(self, params):
        u = self.user(params["UserName"])
        if u.password is None:
            raise no_such_entity("Login Profile for User %s cannot be found." % u.name)
        return {"LoginProfile": {"UserName": u.name, "CreateDate": wire_time(u.password[0]),
                                 "PasswordResetRequired": "false"}}

    def delete_login_profile(self, params):
        u = self.user(params["UserName"])
        if u.password is None:
            raise no_such_entity("Login Profile for User %s cannot be found." % u.name)
        u.password = None  # GetUser keeps PasswordLastUsed, as AWS does
        return {}

    def create_login_profile(self, params):
        u = self.user(params["UserName"])
        if u.password is not None:
            raise StubError(409, "EntityAlreadyExists",
                            "Login Profile for user %s already exists." % u.name)
        if not params.get("Password"):
            raise StubError(400, "ValidationError", "Password must not be empty.")
        t = now()
        u.password = (t, t, u.password_last_used)  # a new password; PasswordLastUsed stays
        return {"LoginProfile": {"UserName": u.name, "CreateDate": wire_time(t),
                                 "PasswordResetRequired":
                                     params.get("PasswordResetRequired", "false")}}

    def list_signing_certificates(self, params):
        u = self.user(params["UserName"])
        return {"Certificates": [
            {"UserName": u.name, "CertificateId": c.cert_id,
             "CertificateBody": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
             "Status": "Active" if c.active else "Inactive", "UploadDate": wire_time(c.uploaded)}
            for c in u.certs], "IsTruncated": "false"}

    def update_signing_certificate(self, params):
        u = self.user(params["UserName"])
        cert = next((c for c in u.certs if c.cert_id == params.get("CertificateId")), None)
        if cert is None:
            raise no_such_entity("The certificate cannot be found.")
        cert.active = params.get("Status") == "Active"
        return {}


# --- the wire format ---------------------------------------------------------------------

def to_xml(value):
    """Serialises a result the way the Query protocol does: structures as elements, lists
    as <member> elements, scalars as text."""
    if isinstance(value, dict):
        return "".join("<%s>%s</%s>" % (k, to_xml(v), k) for k, v in value.items())
    if isinstance(value, list):
        return "".join("<member>%s</member>" % to_xml(v) for v in value)
    return escape(str(value))


def response_xml(action, namespace, result):
    request_id = str(uuid.uuid4())
    body = "<%sResponse xmlns=\"%s\">" % (action, namespace)
    if result is not None:
        body += "<%sResult>%s</%sResult>" % (action, to_xml(result), action)
    body += "<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>" % request_id
    body += "</%sResponse>" % action
    return body


def error_xml(namespace, err):
    """IAM's error body: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>."""
    kind = "Receiver" if err.status >= 500 else "Sender"
    return ("<ErrorResponse xmlns=\"%s\"><Error><Type>%s</Type><Code>%s</Code>"
            "<Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>"
            % (namespace, kind, escape(err.code), escape(err.message), uuid.uuid4()))


# Action -> (method name, has a result element).
IAM_ACTIONS = {
    "GenerateCredentialReport": ("generate_credential_report", True),
    "GetCredentialReport": ("get_credential_report", True),
    "ListUsers": ("list_users", True),
    "GetUser": ("get_user", True),
    "GenerateServiceLastAccessedDetails": ("generate_service_last_accessed_details", True),
    "GetServiceLastAccessedDetails": ("get_service_last_accessed_details", True),
    "GetAccountAuthorizationDetails": ("get_account_authorization_details", True),
    "ListAccessKeys": ("list_access_keys", True),
    "GetAccessKeyLastUsed": ("get_access_key_last_used", True),
    "UpdateAccessKey": ("update_access_key", False),
    "GetLoginProfile": ("get_login_profile", True),
    "DeleteLoginProfile": ("delete_login_profile", False),
    "CreateLoginProfile": ("create_login_profile", True),
    "ListSigningCertificates": ("list_signing_certificates", True),
    "UpdateSigningCertificate": ("update_signing_certificate", False),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    account = None
    log_file = None
    scope_log_file = None
    log_lock = threading.Lock()

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass  # requests are logged to --log instead

    def reply(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.reply(405, "")

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        params = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        action = params.pop("Action", "")
        version = params.pop("Version", "")
        # SigV4: Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request
        scope = re.search(r"Credential=([^/,\s]*)/[^/]*/([^/]*)/",
                          self.headers.get("Authorization", ""))
        session, region = scope.groups() if scope else ("-", "-")
        with self.log_lock:
            if self.log_file:
                with open(self.log_file, "a", encoding="utf-8") as log:
                    log.write(" ".join([action] + ["%s=%s" % kv for kv in sorted(params.items())])
                              + "\n")
            if self.scope_log_file:
                with open(self.scope_log_file, "a", encoding="utf-8") as log:
                    log.write("%s %s %s\n" % (action, region, session))
        if action == "GetCallerIdentity" and version == "2011-06-15":
            self.reply(200, response_xml(action, STS_NS, {
                "Arn": "arn:aws:iam::%s:user/exporter" % ACCOUNT,
                "UserId": "AIDAEXPORTER00000001", "Account": ACCOUNT}))
            return
        if action not in IAM_ACTIONS or version != "2010-05-08":
            self.reply(400, error_xml(IAM_NS, StubError(400, "InvalidAction",
                                                        "Unknown action %s" % action)))
            return
        method, has_result = IAM_ACTIONS[action]
        try:
            with self.account.lock:
                self.account.inject_fault(action, params)
                params["__session"] = session
                result = getattr(self.account, method)(params)
        except StubError as e:
            self.reply(e.status, error_xml(IAM_NS, e))
            return
        except KeyError as e:
            self.reply(400, error_xml(IAM_NS, StubError(400, "ValidationError",
                                                        "Missing parameter %s" % e)))
            return
        self.reply(200, response_xml(action, IAM_NS, result if has_result else None))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port-file", required=True, help="write the port here when ready")
    parser.add_argument("--log", help="append one line per request here")
    parser.add_argument("--lifetime", type=float, default=300, help="stop after SECONDS")
    parser.add_argument("--scope-log", help="append `Action REGION ACCESS_KEY_ID` per request")
    parser.add_argument("--clock-file", help="seconds to add to the real time, read per request")
    parser.add_argument("--job-seconds", type=float, default=2.0,
                        help="how long an access-advisor job stays IN_PROGRESS")
    parser.add_argument("--report-seconds", type=float, default=2.0,
                        help="how long the credential report takes to generate")
    parser.add_argument("--fault", type=Fault, action="append", default=[],
                        help="ACTION:CODE:STATUS:COUNT[:paged], e.g. ListUsers:Throttling:400:3:paged")
    parser.add_argument("--delete-after-list", help="delete this user after ListUsers")
    parser.add_argument("--extra-users", type=int, default=0, help="add N ordinary users")
    parser.add_argument("--add-user", action="append", default=[],
                        help="add an ordinary user of this name")
    args = parser.parse_args()

    global CLOCK_FILE  # pylint: disable=global-statement
    CLOCK_FILE = args.clock_file
    Handler.account = Account(args)
    Handler.log_file = args.log
    Handler.scope_log_file = args.scope_log
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
