#!/usr/bin/env python3
"""Generates a realistic export set for benchmarks and memory checks, from a seed.

  bench/generate.py OUT_DIR --accounts 4 --users 5000 [--services 250] [--seed 1]

Writes OUT_DIR/<account>/credential-report.json (the get-credential-report JSON, base64),
OUT_DIR/<account>/access-advisor.ndjson (one GetServiceLastAccessedDetails document per
user, about --services services each, 5-30 of them used) and OUT_DIR/<account>/iam-details.json.
All times are before the as-of 2026-11-20T00:00:00Z; evaluate with that --as-of.
"""
import argparse
import base64
import datetime as dt
import json
import os
import random

AS_OF = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)
HEADER = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
          "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
          "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
          "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
          "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
          "cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
WORDS = ["Amazon", "AWS", "Elastic", "Managed", "Service", "Cloud", "Data", "Compute", "Stream",
         "Identity", "Access", "Storage", "Database", "Analytics", "Machine", "Learning", "Edge"]


def iso(t, minute=False):
    if minute:
        t = t.replace(second=0)
    return t.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def services(rng, n):
    out = []
    for i in range(n):
        ns = "svc%03d%s" % (i, rng.choice(["", "-data", "-ops", "-api"]))
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
        out.append((name, ns))
    return sorted(out, key=lambda s: s[1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--accounts", type=int, default=4)
    ap.add_argument("--users", type=int, default=5000, help="users per account")
    ap.add_argument("--services", type=int, default=250)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    catalog = services(rng, a.services)
    for acct_i in range(a.accounts):
        account = "%012d" % (111122223333 + acct_i * 111111111)
        d = os.path.join(a.out, account)
        os.makedirs(d, exist_ok=True)
        rows = [HEADER, "<root_account>,arn:aws:iam::%s:root,2015-01-01T00:00:00+00:00,not_supported,"
                "2026-10-01T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,"
                "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A" % account]
        details = []
        with open(os.path.join(d, "access-advisor.ndjson"), "w") as adv:
            for u in range(a.users):
                name = "user-%06d" % u
                path = rng.choice(["/", "/ops/", "/people/", "/services/", "/ci/"])
                arn = "arn:aws:iam::%s:user%s%s" % (account, path, name)
                created = AS_OF - dt.timedelta(days=rng.randint(30, 2000), seconds=rng.randint(0, 86399))
                last = AS_OF - dt.timedelta(days=rng.choice([0, 1, 3, 10, 40, 80, 95, 200, 500]),
                                            seconds=rng.randint(0, 86399))
                last = max(last, created)
                key_rot = created + dt.timedelta(days=rng.randint(0, 20))
                pw = rng.random() < 0.3
                rows.append(",".join([
                    name, arn, iso(created), "true" if pw else "false",
                    iso(last) if pw else "N/A", iso(created) if pw else "N/A", "N/A", "false",
                    "true", iso(min(key_rot, last)), iso(last, True), rng.choice(REGIONS), "s3",
                    "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A"]))
                used = set(rng.sample(range(len(catalog)), rng.randint(5, 30)))
                svc = []
                for i, (sname, ns) in enumerate(catalog):
                    if i in used:
                        t = last - dt.timedelta(days=rng.randint(0, 300))
                        t = max(t, created)
                        svc.append({"ServiceName": sname, "LastAuthenticated": iso(t, True),
                                    "ServiceNamespace": ns, "LastAuthenticatedEntity": arn,
                                    "LastAuthenticatedRegion": rng.choice(REGIONS),
                                    "TotalAuthenticatedEntities": 1})
                    else:
                        svc.append({"ServiceName": sname, "ServiceNamespace": ns,
                                    "TotalAuthenticatedEntities": 0})
                done = AS_OF - dt.timedelta(hours=rng.randint(1, 48), seconds=rng.randint(0, 3599))
                doc = {"Arn": arn, "JobId": "%08x-0000-4000-8000-%012x" % (u, acct_i),
                       "JobStatus": "COMPLETED", "JobType": "SERVICE_LEVEL",
                       "JobCreationDate": done.strftime("%Y-%m-%dT%H:%M:%S.001000+00:00"),
                       "JobCompletionDate": done.strftime("%Y-%m-%dT%H:%M:%S.466000+00:00"),
                       "ServicesLastAccessed": svc, "IsTruncated": False}
                adv.write(json.dumps(doc, separators=(",", ":")) + "\n")
                details.append({"Path": path, "UserName": name, "UserId": "AIDA%016X" % u,
                                "Arn": arn, "CreateDate": iso(created), "GroupList": [],
                                "AttachedManagedPolicies": [], "Tags": []})
        generated = AS_OF - dt.timedelta(hours=2)
        with open(os.path.join(d, "credential-report.json"), "w") as f:
            json.dump({"Content": base64.b64encode("\n".join(rows).encode()).decode(),
                       "ReportFormat": "text/csv",
                       "GeneratedTime": generated.strftime("%Y-%m-%dT%H:%M:%SZ")}, f)
        with open(os.path.join(d, "iam-details.json"), "w") as f:
            json.dump({"UserDetailList": details, "GroupDetailList": [], "RoleDetailList": [],
                       "Policies": [], "IsTruncated": False}, f, indent=1)


if __name__ == "__main__":
    main()
