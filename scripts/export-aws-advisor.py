#!/usr/bin/env python3
"""The access-advisor phase of scripts/export-aws.sh, and its cross-check of the three files.

  export-aws-advisor.py advisor --users FILE --out FILE [options]
      For every user ARN of FILE (one a line), runs an access-advisor job
      (GenerateServiceLastAccessedDetails, then GetServiceLastAccessedDetails until it is
      done) and writes its result to --out, one JSON line per user in the order of FILE: all
      Marker pages merged (ServicesLastAccessed concatenated, IsTruncated false, no Marker),
      plus "Arn". No user at all writes `[]`.
  export-aws-advisor.py crosscheck CREDENTIAL_REPORT ADVISOR DETAILS
      Logs every user ARN that is in one or two of the three files but not in all three.

Why one process: an AWS CLI call costs about half a second of CPU before it sends anything,
and a job needs at least two calls. Here one client (botocore, which every AWS CLI is built on)
makes them all. `--transport cli` runs the `aws` command for each call instead, for a CLI whose
botocore cannot be imported (the official v2 installer bundles its own).

A JobId belongs to the session that started the job: IAM accepts it only "by the same role
within a session, or by the same user". Assumed-role credentials are renewed every hour or so,
and a job started before a renewal is then unknown to the new session. So jobs are started
and collected in a sliding window of at most --window at a time (each job is started, polled
and collected within minutes), and a GetServiceLastAccessedDetails that answers NoSuchEntity
starts that user's job again. A GenerateServiceLastAccessedDetails that answers NoSuchEntity
means the user was deleted after ListUsers: the user is left out, with a line on stderr.

Each job has its own --job-timeout, counted from its own start. Errors are told apart by their
error code (never by words of the message, which may hold a user name): the codes of
--retryable are retried with back-off, as are connection failures; a job that ends FAILED is
started again; each at most --max-attempts times. Anything else exits 1 with a message.
"""

import argparse
import base64
import collections
import csv
import io
import json
import re
import subprocess
import sys
import time

MAX_DELAY = 30.0


def log(msg):
    print("export-aws: " + msg, file=sys.stderr, flush=True)


class Failed(Exception):
    """The export cannot go on; the message says why."""


class AwsError(Exception):
    def __init__(self, code, message):
        super().__init__("%s: %s" % (code, message))
        self.code = code


CONNECTION = "connection failure"


class BotocoreTransport:
    """Calls IAM through botocore, as the AWS CLI does, leaving timestamps as IAM sent them."""

    def __init__(self, args):
        try:
            import botocore.session as session_mod  # pylint: disable=import-outside-toplevel
        except ImportError:
            # The AWS CLI v2 keeps its botocore inside the awscli package.
            import awscli.botocore.session as session_mod  # pylint: disable=import-outside-toplevel
        session = session_mod.Session(profile=args.profile or None)
        # Like the AWS CLI v1: the wire format, e.g. 2026-11-19T22:10:04.803Z.
        session.get_component("response_parser_factory").set_parser_defaults(
            timestamp_parser=lambda value: value)
        self.client = session.create_client("iam", endpoint_url=args.endpoint_url or None,
                                            region_name=args.region or None)

    def call(self, operation, params):
        method = getattr(self.client, re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower())
        try:
            result = method(**params)
        except Exception as e:  # pylint: disable=broad-except
            # By name: the AWS CLI v2's botocore raises classes of its own module tree.
            names = {c.__name__ for c in type(e).__mro__}
            if "ClientError" in names:
                error = e.response.get("Error", {})
                raise AwsError(str(error.get("Code", "")), str(error.get("Message", ""))) from e
            if names & {"EndpointConnectionError", "ConnectionClosedError", "ReadTimeoutError",
                        "ConnectTimeoutError"}:
                raise AwsError(CONNECTION, str(e)) from e
            raise
        result.pop("ResponseMetadata", None)
        return result


# The first line of the AWS CLI's message for an error response, and its messages for a
# request that got no response. Only the code is read, never the rest of the message.
CLI_ERROR = re.compile(r"^An error occurred \(([^()\s]+)\) when calling the ", re.M)
CLI_CONNECTION = re.compile(r"^(Could not connect to the endpoint URL|Read timeout on endpoint URL"
                            r"|Connect timeout on endpoint URL|Connection was closed before)", re.M)


class CliTransport:
    """Calls IAM through the `aws` command, one process per call."""

    def __init__(self, args):
        self.base = [args.aws]
        for flag, value in (("--profile", args.profile), ("--endpoint-url", args.endpoint_url),
                            ("--region", args.region)):
            if value:
                self.base += [flag, value]

    def call(self, operation, params):
        name = re.sub(r"(?<!^)(?=[A-Z])", "-", operation).lower()
        cmd = self.base + ["iam", name]
        for key, value in params.items():
            cmd += ["--" + re.sub(r"(?<!^)(?=[A-Z])", "-", key).lower(), str(value)]
        done = subprocess.run(cmd + ["--output", "json"], capture_output=True, text=True,
                              check=False)
        if done.returncode == 0:
            return json.loads(done.stdout)
        code = CLI_ERROR.search(done.stderr)
        if code:
            raise AwsError(code.group(1), done.stderr.strip())
        if CLI_CONNECTION.search(done.stderr):
            raise AwsError(CONNECTION, done.stderr.strip())
        raise Failed("aws iam %s failed (exit %d): %s"
                     % (name, done.returncode, done.stderr.strip()))


class Caller:
    """One IAM call with retries on the retryable error codes."""

    def __init__(self, transport, args):
        self.transport = transport
        self.max_attempts = args.max_attempts
        self.first_delay = args.poll_interval
        codes = args.retryable.split("|") if args.retryable else []
        self.retryable = set(codes)

    def is_retryable(self, code):
        return code in self.retryable or code == CONNECTION or re.fullmatch(r"5\d\d", code)

    def __call__(self, operation, **params):
        delay = self.first_delay
        for attempt in range(1, self.max_attempts + 1):
            try:
                return self.transport.call(operation, params)
            except AwsError as e:
                if not self.is_retryable(e.code):
                    raise
                if attempt == self.max_attempts:
                    raise Failed("%s: still %s after %d attempts" % (operation, e.code, attempt)) \
                        from e
                log("%s: %s; retry %d/%d in %gs" % (operation, e.code, attempt + 1,
                                                     self.max_attempts, delay))
                time.sleep(delay)
                delay = min(delay * 2, MAX_DELAY)
        raise AssertionError("unreachable")


class Job:
    def __init__(self, index, arn):
        self.index = index
        self.arn = arn
        self.job_id = None
        self.started = 0.0
        self.next_poll = 0.0
        self.delay = 0.0
        self.starts = 0


class Collector:
    def __init__(self, call, args):
        self.call = call
        self.args = args
        self.documents = {}   # index -> merged document
        self.deleted = []
        self.failed = []

    def start(self, job):
        """Starts the job of a user; False when the user no longer exists."""
        if job.starts >= self.args.max_attempts:
            raise Failed("the access-advisor job for %s was started %d times without a result; "
                         "try again later" % (job.arn, job.starts))
        try:
            result = self.call("GenerateServiceLastAccessedDetails", Arn=job.arn)
        except AwsError as e:
            if e.code == "NoSuchEntity":
                log("access advisor: %s no longer exists (deleted after ListUsers); left out"
                    % job.arn)
                self.deleted.append(job.arn)
                return False
            raise Failed("GenerateServiceLastAccessedDetails for %s: %s" % (job.arn, e)) from e
        job_id = result.get("JobId")
        if not isinstance(job_id, str) or not job_id:
            raise Failed("GenerateServiceLastAccessedDetails for %s returned no JobId" % job.arn)
        job.job_id = job_id
        job.starts += 1
        job.started = time.monotonic()
        job.delay = self.args.poll_interval
        job.next_poll = job.started + job.delay
        return True

    def get(self, job, **marker):
        """One page of the job's result; None when the session does not know the job."""
        try:
            return self.call("GetServiceLastAccessedDetails", JobId=job.job_id, **marker)
        except AwsError as e:
            if e.code == "NoSuchEntity":
                log("access advisor: %s: job %s is unknown to these credentials (a renewed "
                    "session?); starting it again" % (job.arn, job.job_id))
                return None
            raise Failed("GetServiceLastAccessedDetails for %s: %s" % (job.arn, e)) from e

    def poll(self, job):
        """Polls a job once. True when the job is finished with (collected or left out)."""
        first = self.get(job)
        if first is None:
            return not self.start(job)
        status = first.get("JobStatus")
        if status == "IN_PROGRESS":
            now = time.monotonic()
            if now - job.started > self.args.job_timeout:
                raise Failed("the access-advisor job for %s did not complete within %gs of its "
                             "start" % (job.arn, self.args.job_timeout))
            job.next_poll = now + job.delay
            job.delay = min(job.delay * 2, MAX_DELAY)
            return False
        if status == "FAILED":
            error = first.get("Error") or {}
            why = "%s: %s" % (error.get("Code", "no code"), error.get("Message", "no message"))
            if job.starts < self.args.max_attempts:
                log("access advisor: job for %s FAILED (%s); starting it again (attempt %d/%d)"
                    % (job.arn, why, job.starts + 1, self.args.max_attempts))
                return not self.start(job)
            if not self.args.allow_failed_jobs:
                raise Failed("the access-advisor job for %s FAILED %d times (%s); try again "
                             "later, or use --allow-failed-jobs" % (job.arn, job.starts, why))
            log("access advisor: job for %s FAILED %d times (%s); written as FAILED "
                "(--allow-failed-jobs)" % (job.arn, job.starts, why))
            self.documents[job.index] = dict({"Arn": job.arn}, **first)
            self.failed.append(job.arn)
            return True
        if status != "COMPLETED":
            raise Failed("job %s (%s): unexpected JobStatus %r" % (job.job_id, job.arn, status))
        pages = [first]
        while pages[-1].get("IsTruncated") is True:
            marker = pages[-1].get("Marker")
            if not isinstance(marker, str) or not marker:
                raise Failed("job %s (%s): a truncated page without Marker"
                             % (job.job_id, job.arn))
            page = self.get(job, Marker=marker)
            if page is None:
                return not self.start(job)
            if page.get("JobStatus") != "COMPLETED":
                raise Failed("job %s (%s): page %d is not COMPLETED"
                             % (job.job_id, job.arn, len(pages) + 1))
            pages.append(page)
        document = {"Arn": job.arn}
        document.update(first)
        document.pop("Marker", None)
        document["ServicesLastAccessed"] = [s for p in pages for s in p.get("ServicesLastAccessed")
                                            or []]
        document["IsTruncated"] = False
        self.documents[job.index] = document
        if len(pages) > 1:
            log("access advisor: %s: %d pages merged" % (job.arn, len(pages)))
        return True

    def run(self, arns):
        waiting = collections.deque(Job(i, arn) for i, arn in enumerate(arns))
        window = []
        done = 0
        last_report = time.monotonic()
        while waiting or window:
            while waiting and len(window) < self.args.window:
                job = waiting.popleft()
                if self.start(job):
                    window.append(job)
                else:
                    done += 1
            now = time.monotonic()
            due = [job for job in window if job.next_poll <= now]
            if not due:
                time.sleep(max(0.0, min(job.next_poll for job in window) - now))
                continue
            for job in due:
                if self.poll(job):
                    window.remove(job)
                    done += 1
            if window and time.monotonic() - last_report >= 30:
                log("access advisor: %d/%d users done, %d jobs running"
                    % (done, len(arns), len(window)))
                last_report = time.monotonic()


def advisor(args):
    with open(args.users, encoding="utf-8") as f:
        arns = [line.rstrip("\n") for line in f if line.strip()]
    transport = BotocoreTransport(args) if args.transport == "botocore" else CliTransport(args)
    log("access advisor: jobs for %d users, at most %d at a time (via %s)"
        % (len(arns), args.window, args.transport))
    collector = Collector(Caller(transport, args), args)
    collector.run(arns)
    with open(args.out, "w", encoding="utf-8") as out:
        for index in sorted(collector.documents):
            out.write(json.dumps(collector.documents[index], separators=(",", ":")) + "\n")
        # An account without IAM users (SSO only) has no document: `[]` is an advisor file
        # with none, where an empty file would read as an (invalid, empty) credential report.
        if not collector.documents:
            out.write("[]\n")
    log("access advisor: %d users written%s%s" % (
        len(collector.documents),
        ", %d of them FAILED" % len(collector.failed) if collector.failed else "",
        ", %d deleted during the export left out" % len(collector.deleted)
        if collector.deleted else ""))


def report_arns(path):
    with open(path, encoding="utf-8") as f:
        content = json.load(f)["Content"]
    rows = csv.DictReader(io.StringIO(base64.b64decode(content).decode()))
    return {row["arn"] for row in rows if row.get("user") != "<root_account>"}


def advisor_arns(path):
    with open(path, encoding="utf-8") as f:
        return {json.loads(line)["Arn"] for line in f if line.strip() and line.strip() != "[]"}


def details_arns(path):
    with open(path, encoding="utf-8") as f:
        return {u["Arn"] for u in json.load(f)["UserDetailList"]}


def crosscheck(args):
    files = [("credential report", report_arns(args.report)),
             ("access advisor", advisor_arns(args.advisor)),
             ("iam details", details_arns(args.details))]
    everyone = set().union(*(arns for _, arns in files))
    odd = 0
    for arn in sorted(everyone):
        present = [name for name, arns in files if arn in arns]
        if len(present) < len(files):
            missing = [name for name, arns in files if arn not in arns]
            log("users: %s is in the %s but not in the %s (created or deleted during the "
                "export?)" % (arn, " and ".join(present), " and ".join(missing)))
            odd += 1
    log("users: %d in all three files%s" % (
        len(everyone) - odd, ", %d not" % odd if odd else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    adv = sub.add_parser("advisor")
    adv.add_argument("--users", required=True)
    adv.add_argument("--out", required=True)
    adv.add_argument("--profile")
    adv.add_argument("--endpoint-url")
    adv.add_argument("--region")
    adv.add_argument("--transport", choices=("botocore", "cli"), default="botocore")
    adv.add_argument("--aws", default="aws", help="the AWS CLI command (--transport cli)")
    adv.add_argument("--window", type=int, default=100)
    adv.add_argument("--job-timeout", type=float, default=1800)
    adv.add_argument("--poll-interval", type=float, default=1.0)
    adv.add_argument("--max-attempts", type=int, default=5)
    adv.add_argument("--allow-failed-jobs", action="store_true")
    adv.add_argument("--retryable", default="")
    cross = sub.add_parser("crosscheck")
    cross.add_argument("report")
    cross.add_argument("advisor")
    cross.add_argument("details")
    args = parser.parse_args()
    try:
        if args.command == "advisor":
            advisor(args)
        else:
            crosscheck(args)
    except Failed as e:
        print("export-aws: FAILED: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
