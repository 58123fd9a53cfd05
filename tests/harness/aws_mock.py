#!/usr/bin/python3
"""aws_mock.py — a loopback stand-in for STS, Secrets Manager and the EC2
instance metadata service, for fedq's tests.

    aws_mock.py CONFIG.json PORTFILE LOGFILE [CERT KEY]

With CERT and KEY (PEM files) it speaks HTTPS instead of HTTP.

Every signed request is checked with botocore's own SigV4 signer (Debian's
python3-botocore), never with fedq's code: the mock recomputes the
signature over the request as received, with the secret key it knows for
the access key, and answers AWS's error when they differ.  Temporary
credentials it issues must come back with their session token, signed.

CONFIG:
  {"region": "us-east-1",
   "keys":    {"AKID...": "secret"},                  long-term keys
   "roles":   {"arn:aws:iam::1:role/R": ["AKID...", "arn:aws:iam::1:role/Q"]},
                                                        who may assume each role
   "secrets": {"arn:aws:secretsmanager:...": {"value": "{...}", "readers": [...]}},
   "imds_role": "arn:aws:iam::1:role/I"}               what IMDS hands out

Control (not AWS): POST /__fail/<Operation>/<n> makes the next n calls of
an operation answer 500; POST /__secret with {"arn": ..., "value": ...}
changes a secret's value.  Each request is logged as one JSON line:
{"op", "principal", "target", "status"}.
"""
import base64
import datetime
import json
import os
import secrets as rnd
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CONFIG = json.load(open(sys.argv[1]))
LOG = open(sys.argv[3], "a", buffering=1)
LOCK = threading.Lock()
TEMP = {}       # access key -> (secret, token, principal)
FAIL = {}       # operation -> remaining failures
IMDS_TOKENS = set()


def log(op, principal, target, status):
    with LOCK:
        LOG.write(json.dumps({"op": op, "principal": principal, "target": target,
                              "status": status}) + "\n")


def issue(principal):
    ak = "ASIA" + rnd.token_hex(8).upper()
    # Base64 text, so '/', '+' and '=' appear in what fedq must carry.
    sk = base64.b64encode(rnd.token_bytes(30)).decode()
    tok = base64.b64encode(rnd.token_bytes(60)).decode()
    with LOCK:
        TEMP[ak] = (sk, tok, principal)
    exp = (datetime.datetime.utcnow() + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ak, sk, tok, exp


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, ctype):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def json_error(self, status, code, message):
        self.answer(status, json.dumps({"__type": code, "message": message}),
                    "application/x-amz-json-1.1")

    def xml_error(self, status, code, message):
        self.answer(status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    "<Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
                    "<RequestId>0</RequestId></ErrorResponse>" % (code, message), "text/xml")

    # ---- SigV4, checked by botocore ----

    def principal(self, body, service, error):
        """The caller's identity, or None after answering the error."""
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("AWS4-HMAC-SHA256 "):
            error(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
            return None
        parts = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
        ak, date, region, svc, term = parts["Credential"].split("/")
        signed = parts["SignedHeaders"].split(";")
        amzdate = self.headers.get("X-Amz-Date", "")
        token = None
        if ak in CONFIG["keys"]:
            sk, who = CONFIG["keys"][ak], ak
        elif ak in TEMP:
            sk, token, who = TEMP[ak]
            if self.headers.get("X-Amz-Security-Token") != token or \
                    "x-amz-security-token" not in signed:
                error(403, "InvalidClientTokenId", "The security token included in the request is invalid")
                return None
        else:
            error(403, "UnrecognizedClientException" if service != "sts" else "InvalidClientTokenId",
                  "The security token included in the request is invalid.")
            return None
        when = datetime.datetime.strptime(amzdate, "%Y%m%dT%H%M%SZ")
        if svc != service or region != CONFIG["region"] or term != "aws4_request" or \
                date != amzdate[:8] or abs((datetime.datetime.utcnow() - when).total_seconds()) > 300:
            error(403, "InvalidSignatureException" if service != "sts" else "SignatureDoesNotMatch",
                  "Credential should be scoped to a valid region, service and date.")
            return None
        for h in ("host", "x-amz-date"):
            if h not in signed:
                error(403, "IncompleteSignature", "%s is not signed" % h)
                return None
        headers = {h: self.headers.get(h, "") for h in signed}
        req = AWSRequest(method=self.command, url="http://%s%s" % (headers["host"], self.path),
                         headers=headers, data=body)
        req.context["timestamp"] = amzdate
        signer = SigV4Auth(Credentials(ak, sk, token), service, region)
        want = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
        if want != parts["Signature"]:
            error(403, "InvalidSignatureException" if service != "sts" else "SignatureDoesNotMatch",
                  "The request signature we calculated does not match the signature you provided.")
            return None
        return who

    def failing(self, op):
        with LOCK:
            if FAIL.get(op, 0) > 0:
                FAIL[op] -= 1
                return True
        return False

    # ---- Operations ----

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
        if self.path.startswith("/__fail/"):
            _, _, op, n = self.path.split("/")
            with LOCK:
                FAIL[op] = int(n)
            return self.answer(200, "ok", "text/plain")
        if self.path == "/__secret":
            c = json.loads(body)
            CONFIG["secrets"][c["arn"]]["value"] = c["value"]
            return self.answer(200, "ok", "text/plain")
        target = self.headers.get("X-Amz-Target")
        if target == "secretsmanager.GetSecretValue":
            return self.get_secret_value(body)
        if target is None and b"Action=AssumeRole" in body:
            return self.assume_role(body)
        self.json_error(400, "UnknownOperationException", "unknown operation")

    def get_secret_value(self, body):
        if self.headers.get("Content-Type") != "application/x-amz-json-1.1":
            return self.json_error(400, "SerializationException", "bad content type")
        who = self.principal(body, "secretsmanager", self.json_error)
        if who is None:
            return log("GetSecretValue", None, None, 403)
        arn = json.loads(body).get("SecretId")
        if self.failing("GetSecretValue"):
            log("GetSecretValue", who, arn, 500)
            return self.json_error(500, "InternalServiceError", "try again")
        s = CONFIG["secrets"].get(arn)
        if s is None:
            log("GetSecretValue", who, arn, 400)
            return self.json_error(400, "ResourceNotFoundException",
                                   "Secrets Manager can't find the specified secret.")
        if who not in s["readers"]:
            log("GetSecretValue", who, arn, 400)
            return self.json_error(400, "AccessDeniedException",
                                   "User: %s is not authorized to perform: "
                                   "secretsmanager:GetSecretValue on resource: %s" % (who, arn))
        log("GetSecretValue", who, arn, 200)
        self.answer(200, json.dumps({"ARN": arn, "Name": arn.split(":")[-1],
                                     "SecretString": s["value"], "VersionId": "1"}),
                    "application/x-amz-json-1.1")

    def assume_role(self, body):
        if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return self.xml_error(400, "InvalidAction", "bad content type")
        who = self.principal(body, "sts", self.xml_error)
        if who is None:
            return log("AssumeRole", None, None, 403)
        form = dict(urllib.parse.parse_qsl(body.decode()))
        role = form.get("RoleArn")
        if form.get("Version") != "2011-06-15" or not form.get("RoleSessionName"):
            return self.xml_error(400, "MissingParameter", "Version and RoleSessionName are required")
        if self.failing("AssumeRole"):
            log("AssumeRole", who, role, 500)
            return self.xml_error(500, "ServiceUnavailable", "try again")
        if who not in CONFIG["roles"].get(role, []):
            log("AssumeRole", who, role, 403)
            return self.xml_error(403, "AccessDenied", "User: %s is not authorized to perform: "
                                  "sts:AssumeRole on resource: %s" % (who, role))
        ak, sk, tok, exp = issue(role)
        log("AssumeRole", who, role, 200)
        self.answer(200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    "<AssumeRoleResult><AssumedRoleUser><Arn>%s/%s</Arn></AssumedRoleUser>"
                    "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>"
                    "<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>"
                    "</AssumeRoleResult></AssumeRoleResponse>"
                    % (role, form["RoleSessionName"], ak, sk, tok, exp), "text/xml")

    # ---- Instance metadata (IMDSv2) ----

    def do_PUT(self):
        if self.path != "/latest/api/token" or \
                not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.answer(400, "", "text/plain")
        tok = rnd.token_hex(16)
        IMDS_TOKENS.add(tok)
        log("imds-token", None, None, 200)
        self.answer(200, tok, "text/plain")

    def do_GET(self):
        prefix = "/latest/meta-data/iam/security-credentials/"
        if self.headers.get("X-aws-ec2-metadata-token") not in IMDS_TOKENS:
            return self.answer(401, "", "text/plain")
        role = CONFIG.get("imds_role")
        name = role.split("/")[-1] if role else None
        if self.path == prefix and name:
            log("imds-role", None, name, 200)
            return self.answer(200, name, "text/plain")
        if self.path == prefix + str(name):
            ak, sk, tok, exp = issue(role)
            log("imds-credentials", None, name, 200)
            return self.answer(200, json.dumps({"Code": "Success", "Type": "AWS-HMAC",
                                                "AccessKeyId": ak, "SecretAccessKey": sk,
                                                "Token": tok, "Expiration": exp}),
                               "application/json")
        self.answer(404, "", "text/plain")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if len(sys.argv) > 5:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[4], sys.argv[5])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    with open(sys.argv[2] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    server.serve_forever()


if __name__ == "__main__":
    main()
